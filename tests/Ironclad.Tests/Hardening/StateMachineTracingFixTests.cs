using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Hardening;

/// <summary>The tracing of state machines (IC6302) where the golden cases do not go: what the report says.</summary>
public class StateMachineTracingFixTests
{
    private static readonly HardeningOptions OnlyTracing = new() { Only = ["IC6302"] };

    private static HardeningPlan Plan(string yaml) =>
        Hardener.Plan(CfnTemplate.From(TemplateDocument.Parse("template.yaml", yaml)), OnlyTracing);

    [Fact]
    public void Should_Name_The_Statement_An_External_Role_Needs()
    {
        var plan = Plan("""
            Resources:
              Machine:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  RoleArn: arn:aws:iam::123456789012:role/states
                  DefinitionString: '{}'
            """);

        var warning = Assert.Single(plan.Warnings, w => w.Kind == WarningKind.ExternalRole);
        Assert.Equal(
            "Machine now traces with X-Ray and runs as a role from outside the template (arn:aws:iam::123456789012:role/states); add to it the statement "
            + """{"Sid": "SendStateMachineTraces", "Effect": "Allow", "Action": ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"], "Resource": "*"}"""
            + " (or the managed policy arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess), else its traces are not sent.",
            warning.Message);
        Assert.Empty(plan.Unfixed);
    }

    [Fact]
    public void Should_Leave_Tracing_Off_When_The_Role_Cannot_Take_The_Grant()
    {
        // Given a role whose Policies are chosen by an intrinsic
        var plan = Plan("""
            Conditions:
              Never: !Equals [a, b]
            Resources:
              Role:
                Type: AWS::IAM::Role
                Properties:
                  AssumeRolePolicyDocument: {}
                  Policies: !If [Never, [], !Ref AWS::NoValue]
              Machine:
                Type: AWS::StepFunctions::StateMachine
                Properties:
                  RoleArn: !GetAtt Role.Arn
                  DefinitionString: '{}'
            """);

        var unfixed = Assert.Single(plan.Unfixed);
        Assert.Equal("Machine", unfixed.Finding.Resource);
        Assert.StartsWith("Role's Policies is not a list written in the template: add the X-Ray statement by hand: ", unfixed.Reason, StringComparison.Ordinal);
        Assert.Empty(plan.Edits);
    }
}
