using Ironclad.Core.Rules;
using Ironclad.Core.Rules.StepFunctions;

namespace Ironclad.Tests.Rules;

public class StepFunctionsTracingTests
{
    private const string Template = """
        Transform: AWS::Serverless-2016-10-31
        Parameters:
          RuntimeParam:
            Type: String
          Stage:
            Type: String
            Default: prod
        Conditions:
          IsProd: !Equals [!Ref Stage, prod]
          Undecided: !Equals [!Ref RuntimeParam, x]
        Resources:
          SamTraced:
            Type: AWS::Serverless::StateMachine
            Properties:
              DefinitionUri: statemachine.asl.json
              Tracing:
                Enabled: true
          SamOff:
            Type: AWS::Serverless::StateMachine
            Properties:
              Tracing:
                Enabled: false
          Plain:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              RoleArn: arn:aws:iam::123456789012:role/sfn
          Traced:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              TracingConfiguration:
                Enabled: "true"
          Conditional:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              TracingConfiguration: !If [IsProd, {Enabled: true}, !Ref AWS::NoValue]
          FromParameter:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              TracingConfiguration:
                Enabled: !Ref RuntimeParam
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              RoleArn: arn:aws:iam::123456789012:role/sfn
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(StepFunctionsTracing.Info);

    [Theory]
    [InlineData("SamTraced", ResultStatus.Pass, 12, 3, "Tracing.Enabled is true")]
    [InlineData("SamOff", ResultStatus.Fail, 22, 18, "Tracing.Enabled is 'false': executions are not traced")]
    [InlineData("Plain", ResultStatus.Fail, 23, 3, "TracingConfiguration.Enabled is not set: executions are not traced")]
    [InlineData("Traced", ResultStatus.Pass, 27, 3, "TracingConfiguration.Enabled is true")]
    [InlineData("Conditional", ResultStatus.Pass, 32, 3, "TracingConfiguration.Enabled is true")]
    [InlineData("FromParameter", ResultStatus.Unknown, 40, 18, "TracingConfiguration.Enabled is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(StepFunctionsTracing.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Transform": "AWS::Serverless-2016-10-31",
              "Parameters": { "Flag": { "Type": "String" } },
              "Resources": {
                "Machine": {
                  "Type": "AWS::StepFunctions::StateMachine",
                  "Properties": { "TracingConfiguration": { "Enabled": false } }
                },
                "SamMachine": {
                  "Type": "AWS::Serverless::StateMachine",
                  "Properties": { "Tracing": { "Enabled": true } }
                },
                "FromParameter": {
                  "Type": "AWS::Serverless::StateMachine",
                  "Properties": { "Tracing": { "Enabled": { "Ref": "Flag" } } }
                }
              }
            }
            """;

        RuleTestKit.Expect(StepFunctionsTracing.Info, json, "Machine", ResultStatus.Fail, 7, 60, "TracingConfiguration.Enabled is 'false': executions are not traced");
        RuleTestKit.Expect(StepFunctionsTracing.Info, json, "SamMachine", ResultStatus.Pass, 9, 5, "Tracing.Enabled is true");
        RuleTestKit.Expect(StepFunctionsTracing.Info, json, "FromParameter", ResultStatus.Unknown, 15, 47, "Tracing.Enabled is unknown before deployment: parameter Flag has no value");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(StepFunctionsTracing.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(StepFunctionsTracing.Info, Failing);
}
