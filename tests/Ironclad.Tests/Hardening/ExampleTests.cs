using Ironclad.Core.Hardening;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Hardening;

/// <summary>
/// The committed <c>examples/prechat/template.hardened.yaml</c> is exactly what the tool makes of
/// <c>template.yaml</c> today (regenerate with
/// <c>ironclad fix examples/prechat/template.yaml -o examples/prechat/template.hardened.yaml</c>),
/// and the plan answers the guide's audit.
/// </summary>
public class ExampleTests
{
    private static readonly string Folder = Path.Combine(FixSuite.RepositoryRoot, "examples", "prechat");

    [Fact]
    public void Should_Match_What_Fix_Produces_Today()
    {
        var outcome = FixSuite.Instance["example/prechat"];
        Assert.Null(outcome.Error);

        Assert.Equal(File.ReadAllText(Path.Combine(Folder, "template.hardened.yaml")), outcome.Output);
    }

    [Fact]
    public void Should_Fix_Every_Finding_Of_The_Audit_And_Decline_Only_The_Default_Certificate()
    {
        var plan = FixSuite.Instance["example/prechat"].Plan!;

        // Every finding of the guide's audit is fixed; what is left are the rules fix has no fix for yet, each with its manual change.
        Assert.Equal(
            new Dictionary<string, int> { ["IC6005"] = 2 },
            plan.Unfixed.GroupBy(u => u.Finding.RuleId).ToDictionary(g => g.Key, g => g.Count()));
        Assert.All(plan.Unfixed, u => Assert.StartsWith("no automatic fix", u.Reason, StringComparison.Ordinal));
        var declined = Assert.Single(plan.Declined);
        Assert.Equal(("IC5002", "WebsiteDistribution"), (declined.Finding.RuleId, declined.Finding.Resource));
        Assert.Equal(
            new Dictionary<string, int> { ["IC1001"] = 38, ["IC1002"] = 35, ["IC1003"] = 35, ["IC1004"] = 38, ["IC2001"] = 2, ["IC2002"] = 2, ["IC2003"] = 2 },
            plan.Findings.Where(f => f.Rule.Id.StartsWith("IC1", StringComparison.Ordinal) || f.Rule.Id.StartsWith("IC2", StringComparison.Ordinal))
                .GroupBy(f => f.Rule.Id).ToDictionary(g => g.Key, g => g.Count()));
        Assert.Equal("sam build && sam deploy --resolve-s3 --capabilities CAPABILITY_IAM --parameter-overrides Stage=dev LambdaConcurrencyLimit=10 VpcCidr=10.0.0.0/16 LogRetentionDays=90", plan.DeployCommand);
        Assert.Equal(38, plan.LimitedFunctions);
    }

    [Fact]
    public void Should_Infer_The_Interface_Endpoints_From_The_Input_Permissions_Only()
    {
        var plan = FixSuite.Instance["example/prechat"].Plan!;

        // No kms endpoint: KMSDecryptPolicy is the fix's own grant, not a call in the input.
        Assert.Equal(["bedrock-runtime", "cognito-idp", "events", "sqs"], plan.Endpoints.Select(e => e.Service));
        Assert.Contains("SummariseConversationFunction: bedrock:InvokeModel", plan.Endpoints[0].Reasons);
        Assert.Contains("RouteToAgentFunction: SQSSendMessagePolicy", plan.Endpoints[3].Reasons);
        Assert.Contains(plan.ServicesThroughNat, s => s.StartsWith("execute-api", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_Keep_The_Guides_Functions_That_Already_Have_A_Queue_And_A_Vpc()
    {
        var hardened = CfnTemplate.From(TemplateDocument.Parse("hardened.yaml", FixSuite.Instance["example/prechat"].Output));

        foreach (var id in new[] { "CrmSyncFunction", "ExportTranscriptFunction", "WebhookForwarderFunction" })
        {
            var properties = hardened.FindResource(id)!.Properties!;
            Assert.Equal("ExistingSecurityGroupId", ((ScalarNode)((MappingNode)((SequenceNode)((MappingNode)properties["VpcConfig"]!)["SecurityGroupIds"]!).Items[0]).Entries[0].Value).Value);
            Assert.NotEqual("LambdaDeadLetterQueue.Arn", ((ScalarNode)((MappingNode)((MappingNode)properties["DeadLetterQueue"]!)["TargetArn"]!).Entries[0].Value).Value);
        }
    }
}
