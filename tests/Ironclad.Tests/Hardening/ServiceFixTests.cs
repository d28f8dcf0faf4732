using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Hardening;

/// <summary>The fixes of API stages, topics, state machines and secrets where the golden cases do not go.</summary>
public class ServiceFixTests
{
    private const string RestStage = """
        Resources:
          Api:
            Type: AWS::ApiGateway::RestApi
            Properties:
              Name: orders
          Stage:
            Type: AWS::ApiGateway::Stage
            Properties:
              RestApiId: !Ref Api
              DeploymentId: deployment-1
              StageName: prod
        """;

    private static HardeningPlan Plan(string yaml, HardeningOptions? options = null) =>
        Hardener.Plan(CfnTemplate.From(TemplateDocument.Parse("template.yaml", yaml)), options ?? new HardeningOptions());

    [Fact]
    public void Should_Wait_For_The_Templates_Own_Account_Resource_And_Add_No_Role()
    {
        // Given a template that sets the account's CloudWatch role itself
        var plan = Plan(RestStage + """

              Account:
                Type: AWS::ApiGateway::Account
                Properties:
                  CloudWatchRoleArn: arn:aws:iam::123456789012:role/apigateway-logs
            """, new HardeningOptions { Only = ["IC6001", "IC6002"] });

        // Then the stage waits for it, and no second Account or role is added
        Assert.Contains(plan.Changes, c => c.Target == "Stage" && c.Path == "DependsOn" && c.Summary == "waits for Account: the account's CloudWatch Logs role");
        Assert.Equal(["LambdaKMSKey", "LambdaKMSKeyAlias", "StageAccessLogs"], plan.AddedResources.Select(r => r.LogicalId));
        Assert.Empty(plan.Unfixed);
    }

    [Fact]
    public void Should_Put_The_Account_Under_The_Condition_Of_The_Only_Stage_That_Needs_It()
    {
        var plan = Plan("""
            Parameters:
              Env: {Type: String}
            Conditions:
              IsProd: !Equals [!Ref Env, prod]
            """ + "\n" + RestStage.Replace("    Type: AWS::ApiGateway::Stage\n", "    Type: AWS::ApiGateway::Stage\n    Condition: IsProd\n", StringComparison.Ordinal), new HardeningOptions { Only = ["IC6001"] });

        Assert.Equal("IsProd", plan.AddedResources.Single(r => r.LogicalId == "ApiGatewayAccount").Condition);
        Assert.Equal("IsProd", plan.AddedResources.Single(r => r.LogicalId == "ApiGatewayCloudWatchRole").Condition);
        Assert.Equal("IsProd", plan.AddedResources.Single(r => r.LogicalId == "StageAccessLogs").Condition);
    }

    [Fact]
    public void Should_Leave_A_Stage_Whose_Methods_Turn_Logging_Off_With_The_Reason()
    {
        var plan = Plan(RestStage + """

                  MethodSettings:
                    - ResourcePath: /health
                      HttpMethod: GET
                      LoggingLevel: OFF
            """, new HardeningOptions { Only = ["IC6002"] });

        var unfixed = Assert.Single(plan.Unfixed);
        Assert.Equal(("IC6002", "Stage"), (unfixed.Finding.RuleId, unfixed.Finding.Resource));
        Assert.StartsWith("a MethodSettings entry sets LoggingLevel OFF, taken as a decision", unfixed.Reason, StringComparison.Ordinal);
        Assert.Empty(plan.Edits);
    }

    [Fact]
    public void Should_Leave_A_State_Machine_Whose_Logging_Is_Written_Off()
    {
        var plan = Plan("""
            Resources:
              Machine:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/states
                  DefinitionString: '{}'
                  LoggingConfiguration:
                    Level: OFF
            """, new HardeningOptions { Only = ["IC6301"] });

        var unfixed = Assert.Single(plan.Unfixed);
        Assert.StartsWith("LoggingConfiguration is written without a level or destination that logs", unfixed.Reason, StringComparison.Ordinal);
        Assert.Empty(plan.Edits);
    }

    [Fact]
    public void Should_Let_A_Publisher_Added_Later_Use_The_Topic_Key()
    {
        // Given a template whose topic an earlier run encrypted, and which has since gained an EventBridge rule publishing to it
        var first = Plan("""
            Resources:
              Orders:
                Type: AWS::SNS::Topic
            """, new HardeningOptions { Only = ["IC6101"] });
        var later = first.Apply() + """
              Nightly:
                Type: AWS::Events::Rule
                Properties:
                  ScheduleExpression: rate(1 day)
                  Targets:
                    - Id: orders
                      Arn: !Ref Orders

            """;

        // When it is fixed again
        var second = Plan(later, new HardeningOptions { Only = ["IC6101", "IC8002"] });

        // Then the key admits EventBridge, and a third run has nothing left to do
        Assert.Contains(second.Findings, f => f.Rule.Id == "IC8002" && f.Resource == "Orders" && f.Message.Contains("events.amazonaws.com (EventBridge rule Nightly", StringComparison.Ordinal));
        Assert.Contains(second.Changes, c => c.Target == "SNSKMSKey" && c.Summary == "key policy statement AllowEventsToPublish");
        Assert.Empty(second.Unfixed);
        var third = Plan(second.Apply(), new HardeningOptions { Only = ["IC6101", "IC8002"] });
        Assert.Empty(third.Findings);
        Assert.Empty(third.Edits);
    }

    [Fact]
    public void Should_Warn_That_The_Account_Role_Must_Exist_When_Told_It_Does()
    {
        var plan = Plan(RestStage, new HardeningOptions { Only = ["IC6001"], ApiGatewayAccount = ApiGatewayAccountMode.Existing });

        Assert.DoesNotContain(plan.AddedResources, r => r.Type is "AWS::ApiGateway::Account" or "AWS::IAM::Role");
        Assert.DoesNotContain(plan.Changes, c => c.Path == "DependsOn");
        Assert.Contains(plan.Warnings, w => w.Message.Contains("aws apigateway get-account", StringComparison.Ordinal) && w.Message.Contains("--apigateway-account existing", StringComparison.Ordinal));
    }
}
