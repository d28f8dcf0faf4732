namespace Ironclad.Tests.Costing;

/// <summary>State machines the fix traces (IC6302) are priced in the same X-Ray line as functions and stages.</summary>
public class StateMachineTracingCostTests
{
    private static readonly Ironclad.Core.Templates.CfnTemplate Untraced = TestTemplates.Parse("""
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Orders:
            Type: AWS::Serverless::StateMachine
            Properties: {Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}}
          Billing:
            Type: AWS::StepFunctions::StateMachine
            Properties: {RoleArn: arn:aws:iam::123456789012:role/r, Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}}
          Already:
            Type: AWS::StepFunctions::StateMachine
            Properties: {RoleArn: arn:aws:iam::123456789012:role/r, TracingConfiguration: {Enabled: true}, Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}}
        """);

    private const string Traced = """
        Transform: AWS::Serverless-2016-10-31
        Resources:
          Orders:
            Type: AWS::Serverless::StateMachine
            Properties: {Tracing: {Enabled: true}, Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}}
          Billing:
            Type: AWS::StepFunctions::StateMachine
            Properties: {RoleArn: arn:aws:iam::123456789012:role/r, TracingConfiguration: {Enabled: true}, Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}}
          Already:
            Type: AWS::StepFunctions::StateMachine
            Properties: {RoleArn: arn:aws:iam::123456789012:role/r, TracingConfiguration: {Enabled: true}, Definition: {StartAt: Done, States: {Done: {Type: Succeed}}}}
        """;

    [Fact]
    public void Should_Bill_The_Traces_Of_Newly_Traced_State_Machines_SAM_And_Plain()
    {
        var item = CostTestData.Item(CostTestData.Price(Traced, original: Untraced), "X-Ray traces");

        Assert.Equal(["Orders", "Billing"], item.LogicalIds);
        Assert.Equal(150_000m, item.Quantity);
        Assert.Equal(0.25m, item.Monthly);
        Assert.Equal("max(0, 150,000 − 100,000 free) / 1M × $5.00", item.Formula);
    }
}
