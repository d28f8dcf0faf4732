namespace Ironclad.Core.Costing.Pricers;

/// <summary>
/// The added resources that have no charge, listed at $0 in groups so that the report accounts for every resource
/// the hardening adds; it runs last and takes only what no other line priced.
/// </summary>
internal sealed class FreeResourcePricer : ICostPricer
{
    private static readonly (string Name, string Note, string[] Types)[] FreeGroups =
    [
        ("VPC, subnets, routes, internet gateway, security groups", "no charge for these network resources",
            ["AWS::EC2::VPC", "AWS::EC2::Subnet", "AWS::EC2::RouteTable", "AWS::EC2::Route", "AWS::EC2::SubnetRouteTableAssociation",
             "AWS::EC2::InternetGateway", "AWS::EC2::VPCGatewayAttachment", "AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress",
             "AWS::EC2::SecurityGroupEgress"]),
        ("IAM roles and policies", "IAM has no charge", ["AWS::IAM::Role", "AWS::IAM::Policy", "AWS::IAM::ManagedPolicy"]),
        ("KMS aliases", "aliases have no charge", ["AWS::KMS::Alias"]),
        ("Bucket, queue and topic policies", "resource policies have no charge", ["AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy"]),
        ("SNS alarm topic and subscriptions", "a topic has no standing charge; alarm notifications fall in SNS's free tier (1M publishes, 1,000 e-mails a month)",
            ["AWS::SNS::Topic", "AWS::SNS::Subscription"]),
        ("CloudFront origin access control", "no charge", ["AWS::CloudFront::OriginAccessControl"]),
        ("Lambda permissions and event invoke configs", "no charge", ["AWS::Lambda::Permission", "AWS::Lambda::EventInvokeConfig"]),
        ("API Gateway account settings", "no charge", ["AWS::ApiGateway::Account"]),
    ];

    /// <summary>Each free type's group, by its index in <see cref="FreeGroups"/>: no type is in two groups.</summary>
    private static readonly Dictionary<string, int> GroupOfType = FreeGroups
        .SelectMany((group, index) => group.Types.Select(type => (type, index)))
        .ToDictionary(g => g.type, g => g.index, StringComparer.Ordinal);

    public void Price(CostLedger ledger)
    {
        // One pass over the added resources for all groups, each group's members in the template's order. Since no type is
        // in two groups, adding one group's line claims nothing another group would take, so the lines are the same as
        // with a pass per group.
        var members = new List<string>?[FreeGroups.Length];
        foreach (var resource in ledger.Delta.Live)
        {
            if (GroupOfType.TryGetValue(resource.Type, out var group) && !ledger.IsClaimed(resource.LogicalId))
            {
                (members[group] ??= []).Add(resource.LogicalId);
            }
        }

        for (var group = 0; group < FreeGroups.Length; group++)
        {
            if (members[group] is { } ids)
            {
                var (name, note, _) = FreeGroups[group];
                ledger.Add(new CostItem(name, ids.Count, ids.Count == 1 ? "resource" : "resources", 0m, "resource-month", 0m, "no charge", ids, [], note));
            }
        }
    }
}
