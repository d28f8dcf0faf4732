using Ironclad.Tests.Cli;

namespace Ironclad.Tests.Packaging;

/// <summary>
/// The self-contained Native AOT binary: published for linux-x64, free of trimming and AOT warnings, run.
/// Slow (native code generation): skip locally with <c>--filter Category!=Aot</c>; CI runs it.
/// </summary>
public class AotPublishTests
{
    [Fact]
    [Trait("Category", "Aot")]
    public void The_Aot_Binary_Publishes_Without_Warnings_And_Scans_The_Example()
    {
        using var temp = new TempDir();
        var output = Path.Combine(temp.Path, "out");

        var publish = ExternalProcess.Run(
            "dotnet",
            ["publish", "src/Ironclad.Cli", "-c", "Release", "-r", "linux-x64", "-p:PublishAot=true", "--artifacts-path", Path.Combine(temp.Path, "artifacts"), "-o", output, "-nodeReuse:false"],
            Repository.Root);

        Assert.True(publish.Exit == 0, publish.Out + publish.Err);

        // Trimming (IL2xxx) and AOT (IL3xxx) analysis warnings mean code that may break only in this binary.
        Assert.DoesNotMatch(@"warning IL[23]\d{3}", publish.Out + publish.Err);
        var binary = Path.Combine(output, "ironclad");
        Assert.False(File.Exists(Path.Combine(output, "ironclad.dll")), "a native binary, not an IL assembly");
        Repository.AssertScansTheExample(binary);
    }
}
