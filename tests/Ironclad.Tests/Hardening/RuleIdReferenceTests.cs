using System.Text.RegularExpressions;

namespace Ironclad.Tests.Hardening;

/// <summary>The hardening and costing code names rules through their descriptors, so that a renumbered rule cannot leave a fix or a saving keyed to an ID no rule has.</summary>
public partial class RuleIdReferenceTests
{
    [Theory]
    [InlineData("Hardening")]
    [InlineData("Costing")]
    public void Should_Reference_Rule_Ids_Through_Descriptors_Not_String_Literals(string folder)
    {
        var root = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "Ironclad.Core", folder);
        var files = Directory.GetFiles(root, "*.cs", SearchOption.AllDirectories);

        var literals = files
            .SelectMany(file => File.ReadLines(file).Select((line, i) => (File: Path.GetFileName(file), Line: i + 1, Text: line)))
            .Where(l => RuleIdLiteral().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.NotEmpty(files);
        Assert.Empty(literals);
    }

    /// <summary>A quoted rule ID of the catalogue (IC1001) or of Checkov (CKV_AWS_115, CKV2_AWS_62).</summary>
    [GeneratedRegex("\"(IC[0-9]{4}|CKV2?_AWS_[0-9]+)\"")]
    private static partial Regex RuleIdLiteral();
}
