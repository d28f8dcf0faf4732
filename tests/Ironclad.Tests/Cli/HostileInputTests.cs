using System.Diagnostics;
using System.Text;
using System.Xml.Linq;
using Ironclad.Core.Inputs;

namespace Ironclad.Tests.Cli;

/// <summary>
/// Hostile and careless input, generated where large: every run ends with exit 0, 1, 2 or 3 and at most
/// one line per problem, never a stack trace, a hang or a wrong write.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public class HostileInputTests
{
    private const string Bucket = "Resources:\n  Data:\n    Type: AWS::S3::Bucket\n";

    private const string Tooling = "file is over 10 MiB (10485760 bytes); inputs that large are refused (CloudFormation accepts templates of at most 1 MB)";

    public static TheoryData<string[]> EndlessDevices => new()
    {
        { new[] { "scan", "/dev/zero" } },
        { new[] { "scan", "/dev/urandom" } },
        { new[] { "fix", "/dev/zero" } },
        { new[] { "cost", "/dev/urandom" } },
    };

    [Theory]
    [MemberData(nameof(EndlessDevices))]
    public void An_Endless_Device_As_Template_Is_Refused_At_The_Byte_Limit(string[] args)
    {
        var (exit, output, error) = CliRunner.Run(args);

        Assert.Equal(2, exit);
        Assert.Equal($"{args[1]}:1:1: {Tooling}", (args[0] == "scan" ? error : error).Trim());
        Assert.DoesNotContain("   at ", output + error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--parameters", "parameters file: ")]
    [InlineData("--usage", "usage file: ")]
    [InlineData("--hardened", "")]
    public void An_Endless_Device_As_Another_Input_Is_Refused_At_The_Byte_Limit(string option, string kind)
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);

        var (exit, _, error) = CliRunner.Run("cost", file, option, "/dev/zero");

        Assert.Equal(2, exit);
        Assert.Equal($"/dev/zero:1:1: {kind}{Tooling}", error.Trim());
    }

    [Fact]
    public void Verify_Reads_Its_Template_With_The_Same_Limit_Before_Any_Aws_Call()
    {
        var (exit, _, error) = CliRunner.Run("verify", "--stack", "s", "--region", "us-east-1", "--template", "/dev/zero", "--endpoint-url", "http://127.0.0.1:9");

        Assert.Equal(2, exit);
        Assert.Equal($"/dev/zero:1:1: {Tooling}", error.Trim());
    }

    [Fact]
    public void Ten_MiB_Is_Accepted_And_One_Byte_More_Refused()
    {
        using var dir = new TempDir();
        var exact = dir.WriteBytes("exact.yaml", Padded(BoundedFile.MaxBytes));
        var over = dir.WriteBytes("over.yaml", Padded(BoundedFile.MaxBytes + 1));

        var (exactExit, _, exactError) = CliRunner.Run("scan", exact, "--only", "IC3002");
        var (overExit, _, overError) = CliRunner.Run("scan", over, "--only", "IC3002");

        Assert.Equal(1, exactExit);
        Assert.Equal("", exactError);
        Assert.Equal(2, overExit);
        Assert.Equal($"{over}:1:1: {Tooling}", overError.Trim());
    }

    [Fact]
    public void A_Fifo_In_A_Scanned_Folder_Is_Skipped_Not_Waited_On()
    {
        using var dir = new TempDir();
        dir.Write("t.yaml", Bucket);
        MakeFifo(Path.Combine(dir.Path, "pipe.yaml"));
        var watch = Stopwatch.StartNew();

        var (exit, output, error) = CliRunner.Run("scan", dir.Path, "--only", "IC3002");

        Assert.Equal(1, exit);
        Assert.Equal("", error);
        Assert.Contains("1 template: 1 failed", output, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void A_Chain_Of_25000_Conditions_Is_Evaluated_Without_Overflowing_The_Stack()
    {
        const int n = 25_000;
        var text = new StringBuilder("Conditions:\n  C0: !Equals [a, a]\n");
        for (var i = 1; i < n; i++)
        {
            text.Append("  C").Append(i).Append(": !Not [!Condition C").Append(i - 1).Append("]\n");
        }

        // C24999 is C0 negated an odd number of times: false, so the bucket is not created and nothing fails.
        text.Append("Resources:\n  Data:\n    Type: AWS::S3::Bucket\n    Condition: C").Append(n - 1).Append('\n');
        text.Append("  Other:\n    Type: AWS::S3::Bucket\n    Condition: C").Append(n - 2).Append('\n');
        using var dir = new TempDir();
        var file = dir.Write("chain.yaml", text.ToString());

        var (scanExit, scanOutput, _) = CliRunner.Run("scan", file, "--only", "IC3002", "--format", "json");
        var (fixExit, _, fixError) = CliRunner.Run("fix", file, "--only", "IC3002");

        Assert.Equal(1, scanExit);
        Assert.Contains("\"resource\": \"Other\"", scanOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("\"resource\": \"Data\"", scanOutput, StringComparison.Ordinal);
        Assert.Equal(0, fixExit);
        Assert.Equal("", fixError);
    }

    [Theory]
    [InlineData("fix")]
    [InlineData("cost")]
    public void Properties_Written_As_An_Intrinsic_Are_Left_Unfixed_Not_A_Crash(string command)
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", """
            Transform: AWS::Serverless-2016-10-31
            Resources:
              Gone:
                Type: AWS::Serverless::Function
                Properties: !Ref AWS::NoValue
              Table:
                Type: AWS::DynamoDB::Table
                Properties: !If [Never, {}, !Ref AWS::NoValue]
            Conditions:
              Never: !Equals [a, b]
            """);

        var (exit, _, error) = CliRunner.Run(command, file);

        Assert.Equal(0, exit);
        Assert.Equal("", error);
    }

    public static TheoryData<string, string, string> Rejected => new()
    {
        { "list", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: [a]\n", "t.yaml:4:17: resource B: Properties is a list, it must be a mapping" },
        { "string", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties: text\n", "t.yaml:4:17: resource B: Properties is a scalar, it must be a mapping" },
        { "null", "Resources:\n  B:\n    Type: AWS::S3::Bucket\n    Properties:\n", "t.yaml:4:16: resource B: Properties is null, it must be a mapping" },
        { "no type", "Resources:\n  B:\n    Properties: {}\n", "t.yaml:2:3: resource B has no Type" },
        { "list type", "Resources:\n  B:\n    Type: [AWS::S3::Bucket]\n", "t.yaml:2:3: resource B has no Type" },
        { "null parameter", "Parameters:\n  P:\nResources:\n  B:\n    Type: AWS::S3::Bucket\n", "t.yaml:2:5: parameter P must be a mapping" },
        { "conditions list", "Conditions: [a]\nResources:\n  B:\n    Type: AWS::S3::Bucket\n", "t.yaml:1:13: Conditions must be a mapping" },
    };

    [Theory]
    [MemberData(nameof(Rejected))]
    public void Fix_And_Cost_Report_What_Scan_Rejects_As_Scan_Does(string name, string text, string expected)
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", text);

        var results = new[] { "scan", "fix", "cost" }.Select(c => CliRunner.Run(c, file)).ToList();

        Assert.All(results, r => Assert.Equal(2, r.Exit));
        Assert.All(results, r => Assert.Contains(Path.Combine(dir.Path, expected) + "\n", r.Err.ReplaceLineEndings("\n"), StringComparison.Ordinal));
        Assert.DoesNotContain(expected, results[0].Out, StringComparison.Ordinal);
        Assert.NotEmpty(name);
    }

    [Theory]
    [InlineData("fix", "--only")]
    [InlineData("cost", "--only")]
    [InlineData("fix", "--skip")]
    public void Filters_That_Match_No_Rule_Are_Usage_Errors_In_Fix_And_Cost(string command, string option)
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);

        var (exit, _, error) = CliRunner.Run(command, file, option, option == "--only" ? "NOPE_*" : "*");

        Assert.Equal(2, exit);
        Assert.Equal("ironclad: --only/--skip leave no rule to run; 'ironclad rules' lists them", error.Trim());
    }

    [Theory]
    [InlineData("nat_gateway_gb_per_month=1e400", "ironclad: --set nat_gateway_gb_per_month=1e400: '1e400' is too large (at most 1,000,000,000,000,000)")]
    [InlineData("nat_gateway_gb_per_month=79228162514264337593543950335", "ironclad: --set nat_gateway_gb_per_month=79228162514264337593543950335: '79228162514264337593543950335' is too large (at most 1,000,000,000,000,000)")]
    public void Numbers_Beyond_Decimal_Are_Refused_Not_Overflowed(string setting, string expected)
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);

        var (exit, _, error) = CliRunner.Run("cost", file, "--set", setting);

        Assert.Equal(2, exit);
        Assert.Equal(expected, error.Trim());
    }

    [Fact]
    public void A_Price_File_With_A_Huge_Price_Is_Refused()
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);
        var table = Ironclad.Core.Costing.PriceTable.Embedded("us-east-1").ToJson();
        var huge = System.Text.RegularExpressions.Regex.Replace(table, "\"usd\": [0-9.]+", "\"usd\": 1e400", System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(5));
        var prices = dir.Write("prices.json", huge);

        var (exit, _, error) = CliRunner.Run("cost", file, "--prices", prices);

        Assert.NotEqual(table, huge);
        Assert.Equal(2, exit);
        Assert.StartsWith($"{prices}:1:1: price file: ", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
    }

    [Fact]
    public void An_Empty_Output_Name_And_An_Output_Naming_The_Input_Are_Usage_Errors()
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);

        var (emptyExit, _, emptyError) = CliRunner.Run("fix", file, "-o", "");
        var (selfExit, _, selfError) = CliRunner.Run("fix", file, "-o", file);

        Assert.Equal(2, emptyExit);
        Assert.Equal("ironclad: --output needs a file name", emptyError.Trim());
        Assert.Equal(2, selfExit);
        Assert.Equal($"ironclad: --output {file} is the template itself; use --write to rewrite it in place", selfError.Trim());
        Assert.Equal(Bucket, File.ReadAllText(file));
    }

    [Fact]
    public void A_Device_Output_Is_Written_In_Place_And_A_Symbolic_Link_Through_To_Its_Target()
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);
        var target = dir.Write("out/real.yaml", "old\n");
        var link = Path.Combine(dir.Path, "link.yaml");
        File.CreateSymbolicLink(link, target);

        var (deviceExit, _, _) = CliRunner.Run("fix", file, "-o", "/dev/null");
        var (linkExit, _, _) = CliRunner.Run("fix", file, "-o", link);

        Assert.Equal(0, deviceExit);
        Assert.Equal(FileKind.Special, FileStat.Of("/dev/null")!.Kind);
        Assert.Equal(0, linkExit);
        Assert.Equal(FileKind.SymbolicLink, FileStat.Of(link)!.Kind);
        Assert.Contains("VersioningConfiguration", File.ReadAllText(target), StringComparison.Ordinal);
    }

    [Fact]
    public void A_Full_Standard_Output_Is_Exit_3_And_One_Line()
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);
        using var error = new StringWriter();

        var exit = Ironclad.Cli.App.Run(["scan", file], new FullDisk(), error);

        Assert.Equal(3, exit);
        Assert.Equal("ironclad: internal error: No space left on device", error.ToString().Trim());
    }

    [Fact]
    public void A_Malformed_Aws_Config_With_A_Profile_Is_One_Line_And_Exit_2()
    {
        using var dir = new TempDir();
        var config = dir.Write("config", "[profile x\nregion = us-east-1\n");
        var credentials = dir.Write("credentials", "garbage without a section\n");
        var saved = (Environment.GetEnvironmentVariable("AWS_CONFIG_FILE"), Environment.GetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE"));
        try
        {
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", config);
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", credentials);

            var (exit, _, error) = CliRunner.Run("verify", "--stack", "s", "--profile", "x", "--endpoint-url", "http://127.0.0.1:9");

            Assert.Equal(2, exit);
            Assert.StartsWith("ironclad: cannot read the AWS shared config or credentials file for profile 'x': ", error, StringComparison.Ordinal);
            Assert.Single(error.Trim().Split('\n'));
        }
        finally
        {
            Environment.SetEnvironmentVariable("AWS_CONFIG_FILE", saved.Item1);
            Environment.SetEnvironmentVariable("AWS_SHARED_CREDENTIALS_FILE", saved.Item2);
        }
    }

    [Fact]
    public void Scan_Errors_Are_One_Line_Each_On_Standard_Error_Not_In_The_Report()
    {
        using var dir = new TempDir();
        var file = dir.Write("bad.yaml", "Resources:\n  A: [unclosed\n");

        var (exit, output, error) = CliRunner.Run("scan", file);

        Assert.Equal(2, exit);
        Assert.StartsWith($"{file}:3:1: invalid YAML", error, StringComparison.Ordinal);
        Assert.Single(error.Trim().Split('\n'));
        Assert.DoesNotContain("invalid YAML", output, StringComparison.Ordinal);
    }

    private const string HostileIds = "Resources:\n  \"Evil\\e[2J\\n::error file=x.yaml::forged\":\n    Type: AWS::S3::Bucket\n";

    [Theory]
    [InlineData("text")]
    [InlineData("github")]
    [InlineData("junit")]
    public void Control_Characters_From_The_Template_Are_Escaped_In_Human_Formats(string format)
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", HostileIds);

        var (exit, output, error) = CliRunner.Run("scan", file, "--only", "IC3002", "--format", format);

        Assert.Equal(1, exit);
        Assert.Equal("", error);
        Assert.DoesNotContain('\u001b', output);
        // GitHub's own escaping writes the newline as %0A; the other formats as every control character.
        Assert.Contains(format == "github" ? "Evil\\u001B[2J%0A::error file=x.yaml::forged" : "Evil\\u001B[2J\\u000A::error file=x.yaml::forged", output, StringComparison.Ordinal);
        Assert.DoesNotContain(output.Split('\n'), l => l.StartsWith("::error file=x.yaml", StringComparison.Ordinal));
        if (format == "junit")
        {
            Assert.Equal("testsuites", XDocument.Parse(output).Root!.Name.LocalName);
        }
    }

    [Fact]
    public void Write_Keeps_Mode_And_Setuid_Bits()
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);
        var mode = UnixFileMode.SetUser | UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead;
        File.SetUnixFileMode(file, mode);

        var (exit, _, _) = CliRunner.Run("fix", file, "--write");

        Assert.Equal(0, exit);
        Assert.Contains("VersioningConfiguration", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Equal(mode, File.GetUnixFileMode(file));
    }

    [Fact]
    public void Write_Through_A_Symbolic_Link_Rewrites_The_Target_And_Keeps_The_Link()
    {
        using var dir = new TempDir();
        var target = dir.Write("real/t.yaml", Bucket);
        var link = Path.Combine(dir.Path, "t.yaml");
        File.CreateSymbolicLink(link, target);

        var (exit, _, _) = CliRunner.Run("fix", link, "--write");

        Assert.Equal(0, exit);
        Assert.Equal(FileKind.SymbolicLink, FileStat.Of(link)!.Kind);
        Assert.Contains("VersioningConfiguration", File.ReadAllText(target), StringComparison.Ordinal);
    }

    [Fact]
    public void Write_Refuses_A_File_With_Hard_Links()
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);
        var other = Path.Combine(dir.Path, "other.yaml");
        Link(file, other);

        var (exit, _, error) = CliRunner.Run("fix", file, "--write");

        Assert.Equal(2, exit);
        Assert.Equal($"ironclad: cannot write {file}: it has 2 hard links, which replacing it would split from it; write to another file with --output and copy it over", error.Trim());
        Assert.Equal(Bucket, File.ReadAllText(other));
    }

    [Fact]
    public void Write_Never_Follows_A_Link_Planted_At_A_Temporary_Name()
    {
        using var dir = new TempDir();
        var file = dir.Write("t.yaml", Bucket);
        var victim = dir.Write("victim.txt", "precious\n");

        // The old, predictable names: .NAME.PID.tmp for this process.
        File.CreateSymbolicLink(Path.Combine(dir.Path, $".t.yaml.{Environment.ProcessId}.tmp"), victim);

        var (exit, _, _) = CliRunner.Run("fix", file, "--write");

        Assert.Equal(0, exit);
        Assert.Equal("precious\n", File.ReadAllText(victim));
        Assert.Contains("VersioningConfiguration", File.ReadAllText(file), StringComparison.Ordinal);
        Assert.Equal(3, Directory.GetFileSystemEntries(dir.Path).Length);
    }

    /// <summary>A YAML template of exactly <paramref name="size"/> bytes: a bucket, then comment lines.</summary>
    private static byte[] Padded(int size)
    {
        var bytes = new byte[size];
        var head = Encoding.UTF8.GetBytes(Bucket);
        head.CopyTo(bytes, 0);
        for (var i = head.Length; i < size; i++)
        {
            bytes[i] = (byte)((i - head.Length) % 100 == 0 ? '#' : (i - head.Length) % 100 == 99 ? '\n' : 'x');
        }

        return bytes;
    }

    private static void MakeFifo(string path) => RunTool("mkfifo", path);

    private static void Link(string existing, string link) => RunTool("ln", existing, link);

    private static void RunTool(string tool, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, args) { UseShellExecute = false })!;
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
    }

    private sealed class FullDisk : StringWriter
    {
        public override void Write(char value) => throw new IOException("No space left on device");

        public override void Write(string? value) => throw new IOException("No space left on device");

        public override void WriteLine(string? value) => throw new IOException("No space left on device");
    }
}
