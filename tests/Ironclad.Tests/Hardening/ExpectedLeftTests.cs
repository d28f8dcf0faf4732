using System.Text;

namespace Ironclad.Tests.Hardening;

/// <summary>
/// What fix leaves undone on each fixture template, written down independently of the planner in
/// <c>Fixtures/expected-left.txt</c> (<c>case outcome rule resource</c>, one a line): the findings it declines by
/// design and the ones it cannot fix there. The plan must leave exactly these, so the fix checks no longer excuse
/// whatever the plan itself marked unfixed. After a deliberate change, regenerate with
/// <c>IRONCLAD_UPDATE_EXPECTED=1 dotnet test --filter ExpectedLeftTests</c> and review the diff line by line.
/// </summary>
public class ExpectedLeftTests
{
    public static IEnumerable<object[]> Cases => FixSuite.Names();

    private static string FilePath => Path.Combine(FixSuite.FixturesFolder, "expected-left.txt");

    /// <summary>The expected lines of a case, from the file.</summary>
    public static IReadOnlyList<string> For(string name) => Expected.Value.Where(l => l.StartsWith(name + " ", StringComparison.Ordinal)).ToList();

    /// <summary>The (rule, resource) pairs the file says a case leaves unfixed.</summary>
    public static HashSet<(string Rule, string Resource)> Unfixed(string name) =>
        For(name).Select(l => l.Split(' ')).Where(p => p[1] == "unfixed").Select(p => (p[2], p[3])).ToHashSet();

    private static readonly Lazy<List<string>> Expected = new(() => File.Exists(FilePath)
        ? File.ReadAllLines(FilePath).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList()
        : []);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_Leave_Exactly_What_Is_Written_Down(string name)
    {
        var outcome = FixSuite.Instance[name];
        Assert.Null(outcome.Error);

        Assert.Equal(For(name), Actual(outcome));
    }

    [Fact]
    public void Should_Name_Only_Cases_That_Exist()
    {
        var names = FixSuite.AllCases().Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
        if (Environment.GetEnvironmentVariable("IRONCLAD_UPDATE_EXPECTED") == "1")
        {
            var text = new StringBuilder("# What fix leaves undone on each fixture template: case outcome rule resource (see ExpectedLeftTests).\n");
            foreach (var name in names.Order(StringComparer.Ordinal))
            {
                foreach (var line in Actual(FixSuite.Instance[name]))
                {
                    text.Append(line).Append('\n');
                }
            }

            File.WriteAllText(FilePath, text.ToString(), new UTF8Encoding(false));
        }

        Assert.True(File.Exists(FilePath), $"{FilePath} is missing");
        Assert.DoesNotContain(File.ReadAllLines(FilePath).Where(l => l.Length > 0 && !l.StartsWith('#')), l => !names.Contains(l.Split(' ')[0]));
    }

    private static List<string> Actual(FixOutcome outcome) =>
        outcome.Plan!.Declined.Select(d => $"{outcome.Case.Name} declined {d.Finding.RuleId} {d.Finding.Resource}")
            .Concat(outcome.Plan.Unfixed.Select(u => $"{outcome.Case.Name} unfixed {u.Finding.RuleId} {u.Finding.Resource}"))
            .Order(StringComparer.Ordinal)
            .ToList();
}
