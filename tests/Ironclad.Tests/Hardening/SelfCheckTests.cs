using System.CommandLine;
using Ironclad.Cli;
using Ironclad.Cli.Commands;
using Ironclad.Core.Hardening;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Sqs;
using Ironclad.Tests.Cli;

namespace Ironclad.Tests.Hardening;

/// <summary>fix holds its own output to its post-conditions before anything is written.</summary>
public class SelfCheckTests
{
    private const string Template = """
        Resources:
          Jobs:
            Type: AWS::SQS::Queue
            Properties:
              VisibilityTimeout: 60
        """;

    [Fact]
    public void Should_Return_The_Output_Its_Parse_And_The_Plan_When_Every_Check_Passes()
    {
        var input = TestTemplates.Parse(Template);

        var result = Hardener.Fix(input, new HardeningOptions());

        Assert.Equal(result.Plan.Apply(), result.Output);
        Assert.Equal(result.Output, result.Fixed.Document.Text);
        Assert.Equal("<fixed output of template.yaml>", result.Fixed.Document.Path);
        Assert.EndsWith("      SqsManagedSseEnabled: true\n", result.Output, StringComparison.Ordinal);
        Assert.Contains(result.Plan.Changes, c => c.Target == "Jobs" && c.Fixes.Any(f => f.RuleId == SqsQueueEncrypted.Info.Id));
    }

    [Fact]
    public void Should_Refuse_An_Output_That_Still_Fails_What_The_Plan_Claims_To_Have_Fixed_And_Name_The_Output()
    {
        var input = TestTemplates.Parse(Template);

        var options = new HardeningOptions { Rules = [new AlwaysFailingQueueRule()] };

        var failure = Assert.Throws<SelfCheckException>(() => Hardener.Fix(input, options));

        Assert.Equal(SelfCheck.Rescan, failure.Check);
        Assert.Equal("<fixed output of template.yaml>", failure.File);
        var keyLine = Hardener.Plan(input, options).Apply().Split('\n').ToList().FindIndex(l => l == "  Jobs:") + 1;
        Assert.Equal((keyLine, 3), (failure.Position.Line, failure.Position.Column));
        Assert.Equal(
            $"<fixed output of template.yaml>:{keyLine}:3: fix's own output failed its re-scan check, so nothing was written: CKV_AWS_27 still fails on Jobs, which the plan says it fixed: the double always fails",
            failure.Message);
    }

    [Fact]
    public void Should_Write_Nothing_And_Exit_3_When_A_Check_Fails()
    {
        using var dir = new TempDir();
        var file = dir.Write("template.yaml", Template);
        using var output = new StringWriter();
        using var error = new StringWriter();
        var command = FixCommand.Create(output, error, [new AlwaysFailingQueueRule()]);

        var exit = command.Parse(["fix", file, "--write"]).Invoke(new InvocationConfiguration { Output = output, Error = error });

        Assert.Equal(ExitCodes.InternalError, exit);
        Assert.Equal(Template, File.ReadAllText(file));
        Assert.Single(Directory.GetFiles(dir.Path));
        var line = Assert.Single(error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"ironclad: <fixed output of {file.Replace('\\', '/')}>:", line, StringComparison.Ordinal);
        Assert.Contains("fix's own output failed its re-scan check, so nothing was written: CKV_AWS_27 still fails on Jobs", line, StringComparison.Ordinal);
        Assert.Equal("", output.ToString());
    }

    [Fact]
    public void Should_Exit_0_And_Write_When_Every_Check_Passes()
    {
        using var dir = new TempDir();
        var file = dir.Write("template.yaml", Template);

        var (exit, _, error) = CliRunner.Run("fix", file, "--write");

        Assert.Equal((ExitCodes.Success, $"ironclad: wrote {file}"), (exit, error.Trim()));
        Assert.EndsWith("      SqsManagedSseEnabled: true\n", File.ReadAllText(file), StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Return_The_Work_Done_Alongside_The_Checks_With_The_Plan_And_The_Parsed_Output_It_Was_Given()
    {
        var input = TestTemplates.Parse(Template);

        var (result, seen) = Hardener.Fix(input, new HardeningOptions(), Seen);

        Assert.Same(result.Plan, seen.Plan);
        Assert.Same(result, seen.Parsed);
        Assert.EndsWith("      SqsManagedSseEnabled: true\n", seen.Parsed.Fixed.Document.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_Throw_The_Failed_Check_And_Drop_The_Work_Done_Alongside_Once_It_Has_Finished()
    {
        var input = TestTemplates.Parse(Template);
        var finished = 0;

        var failure = Assert.Throws<SelfCheckException>(() => Hardener.Fix(
            input,
            new HardeningOptions { Rules = [new AlwaysFailingQueueRule()] },
            (plan, parsed) =>
            {
                var seen = Seen(plan, parsed);
                Interlocked.Increment(ref finished);
                return seen;
            }));

        Assert.Equal(SelfCheck.Rescan, failure.Check);
        Assert.Equal(1, Volatile.Read(ref finished));
    }

    [Fact]
    public void Should_Throw_What_The_Work_Alongside_Threw_When_The_Checks_Pass()
    {
        var input = TestTemplates.Parse(Template);

        var failure = Assert.Throws<InvalidOperationException>(() => Hardener.Fix<int>(input, new HardeningOptions(), (_, _) => throw new InvalidOperationException("the report failed")));

        Assert.Equal("the report failed", failure.Message);
    }

    /// <summary>What the work alongside the checks is given: the plan at once, the parsed output when it is ready.</summary>
    private static (HardeningPlan Plan, FixResult Parsed) Seen(HardeningPlan plan, Task<FixResult> parsed) => (plan, parsed.GetAwaiter().GetResult());

    /// <summary>A planner defect made visible: the plan encrypts the queue, but this stand-in for the queue rule never passes.</summary>
    private sealed class AlwaysFailingQueueRule : Rule
    {
        public override RuleDescriptor Descriptor => SqsQueueEncrypted.Info;

        public override Verdict Evaluate(ResourceContext context) => Verdict.Fail("the double always fails");
    }
}
