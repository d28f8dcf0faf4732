using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Logs;

namespace Ironclad.Tests.Rules;

public class LogGroupRetentionTests
{
    private const string Template = """
        Resources:
          Kept:
            Type: AWS::Logs::LogGroup
            Properties:
              RetentionInDays: 90
          Forever:
            Type: AWS::Logs::LogGroup
          Empty:
            Type: AWS::Logs::LogGroup
            Properties:
              RetentionInDays: ~
          FromParameter:
            Type: AWS::Logs::LogGroup
            Properties:
              RetentionInDays: !Ref Days
          Conditional:
            Type: AWS::Logs::LogGroup
            Properties:
              RetentionInDays: !If [IsProd, 365, !Ref AWS::NoValue]
          FromMapping:
            Type: AWS::Logs::LogGroup
            Properties:
              RetentionInDays: !FindInMap [Days, dev, Value]
          FromSub:
            Type: AWS::Logs::LogGroup
            Properties:
              RetentionInDays: !Sub "${Default}"
        Parameters:
          Days:
            Type: Number
          Default:
            Type: Number
            Default: 14
        Conditions:
          IsProd: !Equals [!Ref Days, 1]
        Mappings:
          Days:
            dev:
              Value: 30
        """;

    private const string Failing = """
        Resources:
          Target:
            Type: AWS::Logs::LogGroup
            Properties:
              LogGroupName: target
        """;

    public static TheoryData<string, string> Suppressions => RuleTestKit.SuppressionCases(LogGroupRetention.Info);

    [Theory]
    [InlineData("Kept", ResultStatus.Pass, 2, 3, "RetentionInDays is set")]
    [InlineData("Forever", ResultStatus.Fail, 6, 3, "RetentionInDays is not set: the logs are kept forever")]
    [InlineData("Empty", ResultStatus.Fail, 11, 24, "RetentionInDays is null: the logs are kept forever")]
    [InlineData("FromParameter", ResultStatus.Unknown, 15, 24, "RetentionInDays is unknown before deployment: parameter Days has no value")]
    [InlineData("Conditional", ResultStatus.Fail, 16, 3, "RetentionInDays is not set: the logs are kept forever (when IsProd is false)")]
    [InlineData("FromMapping", ResultStatus.Pass, 20, 3, "RetentionInDays is set")]
    [InlineData("FromSub", ResultStatus.Pass, 24, 3, "RetentionInDays is set")]
    public void Should_Judge_Each_Log_Group(string resource, ResultStatus status, int line, int column, string message) =>
        RuleTestKit.Expect(LogGroupRetention.Info, Template, resource, status, line, column, message);

    [Theory]
    [MemberData(nameof(Suppressions))]
    public void Should_Honour_Every_Suppression_Form(string form, string id) =>
        RuleTestKit.ExpectSuppressed(LogGroupRetention.Info, Failing, form, id);

    [Fact]
    public void Should_Report_A_Suppression_Without_A_Reason() =>
        RuleTestKit.ExpectSuppressedWithoutReason(LogGroupRetention.Info, Failing);
}
