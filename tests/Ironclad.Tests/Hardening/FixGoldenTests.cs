using System.Text;

namespace Ironclad.Tests.Hardening;

/// <summary>
/// Golden cases: <c>Fixtures/Fix/&lt;case&gt;.yaml|json</c> fixed must equal
/// <c>&lt;case&gt;.fixed.yaml|json</c>; without a .fixed file the input must come back unchanged. On a
/// mismatch the output is written to <c>&lt;case&gt;.actual.*</c> (git-ignored) for review.
/// </summary>
public class FixGoldenTests
{
    public static IEnumerable<object[]> Cases => FixSuite.Names("Fix");

    [Theory]
    [MemberData(nameof(Cases))]
    public void Should_Produce_The_Golden_Output(string name)
    {
        var outcome = FixSuite.Instance[name];
        Assert.Null(outcome.Error);
        var input = outcome.Case.InputPath;
        var extension = Path.GetExtension(input);
        var expectedPath = Path.ChangeExtension(input, ".fixed" + extension);
        var actualPath = Path.ChangeExtension(input, ".actual" + extension);
        var expected = File.Exists(expectedPath) ? File.ReadAllText(expectedPath, Encoding.UTF8) : outcome.Input;

        if (expected != outcome.Output)
        {
            File.WriteAllText(actualPath, outcome.Output, new UTF8Encoding(false));
        }
        else if (File.Exists(actualPath))
        {
            File.Delete(actualPath);
        }

        Assert.Equal(expected, outcome.Output);
    }
}
