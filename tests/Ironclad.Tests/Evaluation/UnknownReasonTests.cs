using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Evaluation;

/// <summary>
/// The reasons of unknown values, which the evaluator writes out only when read: each kind reads as the message
/// quotes it, the name in its place.
/// </summary>
public class UnknownReasonTests
{
    private const string Sections = """
        Parameters:
          Free:
            Type: String
          FromSsm:
            Type: AWS::SSM::Parameter::Value<String>
            Default: /my/param
        Conditions:
          IsProd: !Equals [!Ref Free, prod]
        """;

    [Theory]
    [InlineData("!Ref Other", "the ID of resource Other, known only after deployment", "Other")]
    [InlineData("!GetAtt Other.Arn", "an attribute of Other, known only after deployment", "Other")]
    [InlineData("!GetAtt [Other, Arn]", "an attribute of Other, known only after deployment", "Other")]
    [InlineData("!Ref AWS::Region", "the pseudo parameter AWS::Region", null)]
    [InlineData("!ImportValue shared-vpc", "Fn::ImportValue is known only after deployment", null)]
    [InlineData("!Ref Free", "parameter Free has no value (give one with --parameter Free=...)", null)]
    [InlineData("!Ref FromSsm", "parameter FromSsm is read from SSM at deployment", null)]
    [InlineData("!If [IsProd, a, b]", "depends on condition IsProd", null)]
    [InlineData("!Sub 'arn:${AWS::Partition}:s3:::${Other}/*'", "a string built from ${AWS::Partition}, known only after deployment", "Other")]
    [InlineData("!Sub '${Other.Arn}-x'", "a string built from ${Other.Arn}, known only after deployment", "Other")]
    [InlineData("!Sub '${Missing.Arn}'", "a string built from ${Missing.Arn}, known only after deployment", null)]
    public void Reason_Names_What_The_Value_Depends_On(string expression, string reason, string? resource)
    {
        var template = CfnTemplate.From(TemplateDocument.Parse(
            "t.yaml",
            $"{Sections}\nResources:\n  R:\n    Type: AWS::Test::Thing\n    Properties:\n      V: {expression}\n  Other:\n    Type: AWS::Test::Thing\n"));

        var value = Assert.IsType<UnknownValue>(new Evaluator(template).Evaluate(template.Resources[0].Properties!["V"]));

        Assert.Equal(reason, value.Reason);
        Assert.Equal(resource, value.ReferencedResource);
    }
}
