using System.Globalization;
using Ironclad.Core.Rules;
using Ironclad.Core.Rules.Lambda;

namespace Ironclad.Core.Verification;

public sealed partial class StackVerifier
{
    /// <summary>The account-wide floor Lambda keeps for functions without a reservation.</summary>
    public const int MinimumUnreservedConcurrency = 100;

    // Prefixes of permissions that the Lambda service uses on the function's behalf outside the
    // function's network interfaces (ENI management, log delivery, tracing): they need no route.
    private static readonly HashSet<string> ServiceSidePrefixes = new(StringComparer.OrdinalIgnoreCase) { "ec2", "logs", "xray" };

    // IAM action prefixes whose VPC endpoint service has another name.
    private static readonly Dictionary<string, string> EndpointNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["bedrock"] = "bedrock-runtime",
        ["cloudwatch"] = "monitoring",
    };

    private static List<(RuleDescriptor, Func<Task<LiveVerdict?>>)> FunctionChecks(LiveState live, StackContext context, StackResource resource)
    {
        var name = resource.PhysicalId!;
        return
        [
            (LambdaConcurrencyLimit.Info, () => Concurrency(live, name)),
            (LambdaDeadLetterQueue.Info, () => DeadLetter(live, name)),
            (LambdaInsideVpc.Info, () => InsideVpc(live, name)),
            (LambdaEnvironmentEncrypted.Info, () => EnvironmentEncrypted(live, name)),
            (LambdaEnvironmentSecrets.Info, () => EnvironmentSecrets(live, name)),
            (VerifyDescriptors.FunctionSubnetsMultiAz, () => SubnetsMultiAz(live, name)),
            (VerifyDescriptors.VpcEgress, () => Egress(live, name)),
            (VerifyDescriptors.KmsDecryptAccess, () => KmsDecrypt(live, name)),
            .. FunctionServerlessChecks(live, name),
        ];
    }

    private static async Task<LiveVerdict?> Concurrency(LiveState live, string name)
    {
        var reserved = await live.Aws.Lambda.GetFunctionConcurrencyAsync(name, live.CancellationToken).ConfigureAwait(false);
        return reserved switch
        {
            null => LiveVerdict.Fail("no reserved concurrency (GetFunctionConcurrency is empty)"),
            < 1 => LiveVerdict.Fail($"reserved concurrency is {reserved}: the function can never run"),
            _ => LiveVerdict.Pass($"reserved concurrency is {reserved}"),
        };
    }

    private static async Task<LiveVerdict?> DeadLetter(LiveState live, string name)
    {
        var function = await live.Function(name).ConfigureAwait(false);
        if (function.DeadLetterTargetArn is { Length: > 0 } target)
        {
            return LiveVerdict.Pass("DeadLetterConfig.TargetArn is " + target);
        }

        var onFailure = await live.OnFailure(name).ConfigureAwait(false);
        return onFailure is { Length: > 0 }
            ? LiveVerdict.Pass("an on-failure destination is configured: " + onFailure)
            : LiveVerdict.Fail("no DeadLetterConfig.TargetArn and no on-failure destination");
    }

    private static async Task<LiveVerdict?> InsideVpc(LiveState live, string name)
    {
        var function = await live.Function(name).ConfigureAwait(false);
        return (function.SubnetIds.Count, function.SecurityGroupIds.Count) switch
        {
            (0, 0) => LiveVerdict.Fail("not in a VPC (VpcConfig has no subnets and no security groups)"),
            (0, _) => LiveVerdict.Fail("VpcConfig has no subnets"),
            (_, 0) => LiveVerdict.Fail("VpcConfig has no security groups"),
            _ => LiveVerdict.Pass($"in {function.SubnetIds.Count} subnets with {function.SecurityGroupIds.Count} security groups"),
        };
    }

    private static async Task<LiveVerdict?> EnvironmentEncrypted(LiveState live, string name)
    {
        var function = await live.Function(name).ConfigureAwait(false);
        var count = function.Environment.Count;
        if (count == 0)
        {
            return LiveVerdict.Pass("no environment variables");
        }

        return function.KmsKeyArn is { Length: > 0 } key
            ? LiveVerdict.Pass($"{count} environment variables encrypted with {key}")
            : LiveVerdict.Fail($"{count} environment variables without KMSKeyArn (encrypted only with the AWS-managed key)");
    }

    private static async Task<LiveVerdict?> EnvironmentSecrets(LiveState live, string name)
    {
        var function = await live.Function(name).ConfigureAwait(false);
        var found = function.Environment
            .Select(v => (v.Key, Kind: LambdaEnvironmentSecrets.SecretKind(v.Value)))
            .Where(v => v.Kind is not null)
            .OrderBy(v => v.Key, StringComparer.Ordinal)
            .ToList();
        return found.Count == 0
            ? LiveVerdict.Pass($"none of {function.Environment.Count} environment variables looks like a credential")
            : LiveVerdict.Fail($"environment variable {string.Join("; ", found.Select(f => $"{f.Key} looks like {f.Kind}"))} (the value is not shown)");
    }

    private static async Task<LiveVerdict?> SubnetsMultiAz(LiveState live, string name)
    {
        var function = await live.Function(name).ConfigureAwait(false);
        if (function.SubnetIds.Count == 0)
        {
            return null;
        }

        var subnets = await live.Subnets(function.SubnetIds).ConfigureAwait(false);
        var zones = subnets.Select(s => s.AvailabilityZone).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        return zones.Count >= 2
            ? LiveVerdict.Pass("subnets in " + string.Join(", ", zones))
            : LiveVerdict.Fail("all subnets are in one Availability Zone: " + string.Join(", ", zones));
    }

    private static async Task<LiveVerdict?> AccountConcurrency(LiveState live)
    {
        var settings = await live.Aws.Lambda.GetAccountSettingsAsync(live.CancellationToken).ConfigureAwait(false);
        var text = string.Create(CultureInfo.InvariantCulture, $"{settings.UnreservedConcurrentExecutions} of {settings.ConcurrentExecutions} concurrent executions are unreserved");
        return settings.UnreservedConcurrentExecutions >= MinimumUnreservedConcurrency
            ? LiveVerdict.Pass(text)
            : LiveVerdict.Fail(text + $"; Lambda needs {MinimumUnreservedConcurrency}: request a quota increase or lower the reservations");
    }

    // The guide's "Lambda timeout in VPC": a subnet that routes neither to NAT nor to endpoints for
    // the services the role lets the function call leaves those calls hanging until the timeout.
    private static async Task<LiveVerdict?> Egress(LiveState live, string name)
    {
        var function = await live.Function(name).ConfigureAwait(false);
        if (function.SubnetIds.Count == 0)
        {
            return null;
        }

        var subnets = await live.Subnets(function.SubnetIds).ConfigureAwait(false);
        if (subnets.Count == 0)
        {
            return LiveVerdict.Fail("calls to AWS will time out: the function's subnets do not exist");
        }

        var vpcId = subnets[0].VpcId;
        var tables = await live.RouteTables(vpcId).ConfigureAwait(false);
        var nats = (await live.NatGateways(vpcId).ConfigureAwait(false)).Where(n => n.State == "available").Select(n => n.NatGatewayId).ToHashSet(StringComparer.Ordinal);
        var endpoints = (await live.Endpoints(vpcId).ConfigureAwait(false)).Where(e => string.Equals(e.State, "available", StringComparison.OrdinalIgnoreCase)).ToList();

        var blocked = new List<Subnet>();
        var elsewhere = new List<string>();
        foreach (var subnet in subnets)
        {
            var table = tables.FirstOrDefault(t => t.SubnetIds.Contains(subnet.SubnetId)) ?? tables.FirstOrDefault(t => t.IsMain);
            var defaults = table?.Routes.Where(r => r.DestinationCidrBlock == "0.0.0.0/0" && r.State != "blackhole").ToList() ?? [];
            if (defaults.Any(r => r.NatGatewayId is { } nat && nats.Contains(nat)))
            {
                continue;
            }

            // A transit gateway, VPN gateway, instance or peering may well lead out: not ours to judge.
            if (defaults.FirstOrDefault(r => r.OtherTarget is not null || r.GatewayId?.StartsWith("vgw-", StringComparison.Ordinal) == true) is { } other)
            {
                elsewhere.Add($"{subnet.SubnetId} → {other.OtherTarget ?? other.GatewayId}");
                continue;
            }

            blocked.Add(subnet);
        }

        if (blocked.Count == 0)
        {
            return elsewhere.Count == 0
                ? LiveVerdict.Pass("every subnet routes 0.0.0.0/0 to an available NAT gateway")
                : LiveVerdict.Unknown("0.0.0.0/0 leaves through targets outside this check: " + string.Join(", ", elsewhere));
        }

        List<string>? services;
        string? unreadable = null;
        try
        {
            services = function.Role is { } role ? ServicesCalled(await live.RolePolicies(role).ConfigureAwait(false), function) : [];
        }
        catch (AwsCallException ex) when (ex.Kind is AwsErrorKind.AccessDenied or AwsErrorKind.Unavailable or AwsErrorKind.Failed)
        {
            services = null;
            unreadable = $"{ex.Operation} {ex.Code}";
        }

        var names = string.Join(", ", blocked.Select(s => s.SubnetId));
        if (services is null)
        {
            return endpoints.Count == 0
                ? LiveVerdict.Fail($"calls to AWS will time out: subnets {names} have no route to a NAT gateway and the VPC has no endpoints")
                : LiveVerdict.Unknown($"subnets {names} have no NAT route; cannot tell which services the role calls ({unreadable})");
        }

        var problems = new List<string>();
        foreach (var subnet in blocked)
        {
            var table = tables.FirstOrDefault(t => t.SubnetIds.Contains(subnet.SubnetId)) ?? tables.FirstOrDefault(t => t.IsMain);
            var missing = services.Where(s => !Reachable(s, table, endpoints)).ToList();
            if (missing.Count > 0)
            {
                problems.Add($"{subnet.SubnetId} has no NAT route and no endpoint for {string.Join(", ", missing.Select(m => m == "*" ? "any service (the role allows *)" : m))}");
            }
        }

        return problems.Count == 0
            ? LiveVerdict.Pass($"no NAT route from {names}, but endpoints cover every service the role calls ({(services.Count == 0 ? "none" : string.Join(", ", services))})")
            : LiveVerdict.Fail("calls to AWS will time out: " + string.Join("; ", problems));
    }

    private static bool Reachable(string service, RouteTable? table, List<VpcEndpoint> endpoints) =>
        endpoints.Any(e => EndpointService(e.ServiceName) == service
            && (string.Equals(e.Type, "Gateway", StringComparison.OrdinalIgnoreCase)
                ? table is not null && e.RouteTableIds.Contains(table.RouteTableId)
                : e.PrivateDnsEnabled));

    /// <summary>The service part of an endpoint service name: <c>com.amazonaws.us-east-1.sqs</c> → <c>sqs</c>.</summary>
    internal static string EndpointService(string serviceName)
    {
        var parts = serviceName.Split('.');
        return parts.Length > 3 ? string.Join('.', parts[3..]) : serviceName;
    }

    /// <summary>
    /// The endpoint services a role lets its function call, from the actions it allows. Grants that
    /// only serve Lambda itself (its dead-letter target, its environment key, logs, ENIs) are left
    /// out: the service calls those outside the function's subnets. "*" stands for every service.
    /// </summary>
    internal static List<string> ServicesCalled(IEnumerable<PolicyDocument> policies, FunctionConfiguration function)
    {
        var own = new HashSet<string>(new[] { function.DeadLetterTargetArn, function.KmsKeyArn }.OfType<string>(), StringComparer.Ordinal);
        var services = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var statement in policies.SelectMany(p => p.Statements).Where(s => s.IsAllow))
        {
            if (statement.Resources.Count > 0 && statement.Resources.All(own.Contains))
            {
                continue;
            }

            foreach (var action in statement.Actions)
            {
                var colon = action.IndexOf(':', StringComparison.Ordinal);
                var prefix = colon < 0 ? action : action[..colon];
                if (prefix == "*")
                {
                    services.Add("*");
                }
                else if (!ServiceSidePrefixes.Contains(prefix))
                {
                    services.Add(EndpointNames.TryGetValue(prefix, out var endpoint) ? endpoint : prefix.ToLowerInvariant());
                }
            }
        }

        return services.ToList();
    }

    // The guide's "KMS access denied": Lambda decrypts the environment with the function's role, so
    // the key policy must name the role or delegate to IAM, and then the role's policies must allow it.
    private static async Task<LiveVerdict?> KmsDecrypt(LiveState live, string name)
    {
        var function = await live.Function(name).ConfigureAwait(false);
        if (function.KmsKeyArn is not { Length: > 0 } key)
        {
            return null;
        }

        if (function.Role is not { } role)
        {
            return LiveVerdict.Unknown("the function's role is not known");
        }

        var keyPolicy = await live.KeyPolicy(key).ConfigureAwait(false);
        if (keyPolicy.AllowsPrincipal("AWS", role, "kms:Decrypt", key))
        {
            return LiveVerdict.Pass($"the key policy of {key} grants {role} kms:Decrypt");
        }

        var root = $"arn:aws:iam::{live.AccountId}:root";
        if (!keyPolicy.AllowsPrincipal("AWS", root, "kms:Decrypt", key) && !keyPolicy.AllowsPrincipal("AWS", live.AccountId, "kms:Decrypt", key))
        {
            return LiveVerdict.Fail($"KMS access denied: the key policy of {key} neither grants {role} kms:Decrypt nor delegates to IAM ({root})");
        }

        var policies = await live.RolePolicies(role).ConfigureAwait(false);
        return PolicyDocument.Allows(policies, "kms:Decrypt", key)
            ? LiveVerdict.Pass($"{role} may kms:Decrypt {key}")
            : LiveVerdict.Fail($"KMS access denied: {role} has no kms:Decrypt on {key} (add KMSDecryptPolicy or an equivalent statement)");
    }
}
