using Ironclad.Cli;

namespace Ironclad.Tests.Cli;

public class ImmediateProgressTests
{
    [Fact]
    public void Should_Report_On_The_Reporting_Thread_Before_Report_Returns()
    {
        // System.Progress posts to the thread pool in a console program: 'prices update' once printed a file's line
        // after its writer was closed. The progress the commands use must have printed when Report returns.
        var reports = new List<(string Value, int Thread)>();
        var progress = new ImmediateProgress<string>(value => reports.Add((value, Environment.CurrentManagedThreadId)));

        progress.Report("reading a");
        progress.Report("reading b");

        Assert.Equal([("reading a", Environment.CurrentManagedThreadId), ("reading b", Environment.CurrentManagedThreadId)], reports);
    }
}
