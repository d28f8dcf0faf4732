using Ironclad.Core.Rules;
using Ironclad.Core.Rules.StepFunctions;

namespace Ironclad.Tests.Rules;

public class StepFunctionsLoggingTests
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
        Globals:
          StateMachine:
            PropagateTags: true
            # SAM accepts only PropagateTags under Globals.StateMachine and
            # rejects Logging there, so no state machine inherits logging:
            # SamFromGlobals is judged on its own properties.
            # (docs/design/rules.md, SAM Globals)
        Resources:
          Logs:
            Type: AWS::Logs::LogGroup
          SamFromGlobals:
            Type: AWS::Serverless::StateMachine
            Properties:
              DefinitionUri: statemachine.asl.json
          SamOff:
            Type: AWS::Serverless::StateMachine
            Properties:
              Logging:
                Level: "OFF"
          Plain:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              RoleArn: arn:aws:iam::123456789012:role/sfn
          NoDestination:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              LoggingConfiguration:
                Level: ALL
          Logged:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              LoggingConfiguration:
                Level: ALL
                Destinations:
                  - CloudWatchLogsLogGroup:
                      LogGroupArn: !GetAtt Logs.Arn
          FromParameter:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              LoggingConfiguration:
                Level: !Ref RuntimeParam
                Destinations:
                  - CloudWatchLogsLogGroup:
                      LogGroupArn: !GetAtt Logs.Arn
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::StepFunctions::StateMachine
            Properties:
              RoleArn: arn:aws:iam::123456789012:role/sfn
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(StepFunctionsLogging.Info);

    [Theory]
    [InlineData("SamFromGlobals", ResultStatus.Fail, 21, 3, "Logging is not set: executions are not logged")]
    [InlineData("SamOff", ResultStatus.Fail, 29, 16, "Logging.Level is 'OFF': executions are not logged")]
    [InlineData("Plain", ResultStatus.Fail, 30, 3, "LoggingConfiguration is not set: executions are not logged")]
    [InlineData("NoDestination", ResultStatus.Fail, 37, 7, "LoggingConfiguration.Destinations is not set: the logs have nowhere to go")]
    [InlineData("Logged", ResultStatus.Pass, 39, 3, "LoggingConfiguration.Level is ALL")]
    [InlineData("FromParameter", ResultStatus.Unknown, 51, 16, "LoggingConfiguration.Level is unknown before deployment: parameter RuntimeParam has no value (give one with --parameter RuntimeParam=...)")]
    public void Should_Judge_Each_Resource(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(StepFunctionsLogging.Info, Template, resource, status, line, column, message);

    [Fact]
    public void Should_Read_Json_Templates()
    {
        const string json = """
            {
              "Resources": {
                "Machine": {
                  "Type": "AWS::StepFunctions::StateMachine",
                  "Properties": { "RoleArn": "arn:aws:iam::123456789012:role/sfn" }
                }
              }
            }
            """;

        RuleTestKit.Expect(StepFunctionsLogging.Info, json, "Machine", ResultStatus.Fail, 3, 5, "LoggingConfiguration is not set: executions are not logged");
    }

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(StepFunctionsLogging.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(StepFunctionsLogging.Info, Failing);
}
