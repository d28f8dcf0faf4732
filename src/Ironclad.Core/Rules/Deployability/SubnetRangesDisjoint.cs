using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Ironclad.Core.Evaluation;
using Ironclad.Core.Templates;

namespace Ironclad.Core.Rules.Deployability;

// docs/design/rules.md, Deployability. Two subnets of one VPC whose IPv4 ranges overlap fail at deploy
// ("conflicts with another subnet"). Ranges are read as literals, parameters, or !Select [i, !Cidr [block, count,
// bits]] where the block may be the VPC's own !GetAtt Vpc.CidrBlock; ranges known only at deployment are not judged.
public sealed class SubnetRangesDisjoint : Rule
{
    public static RuleDescriptor Info { get; } = new()
    {
        Id = "IC8005",
        Name = nameof(SubnetRangesDisjoint),
        Title = "Subnets of one VPC have ranges that do not overlap",
        Severity = Severity.High,
        ResourceTypes = ["AWS::EC2::Subnet"],
        Family = RuleFamily.Deployability,
        Rationale = "EC2 rejects a subnet whose range overlaps another subnet of the same VPC, and the stack rolls back. The overlap is easy to miss when ranges come from `!Cidr` with different counts or sizes, or from a parameter's default.",
        Remediation = "Give each subnet its own range: take the ranges from one `!Cidr [block, count, bits]` with distinct `!Select` indexes, or pick literal ranges that do not overlap.",
        PassCondition = "The subnet's IPv4 range (a literal, a parameter's value, or `!Select [i, !Cidr [...]]`) overlaps no other subnet's in the same VPC that can exist at the same time.",
        Deviations = "No peer tool has this check.",
        CountLabel = "subnet whose range overlaps another in its VPC",
        Noun = "subnets",
    };

    public override RuleDescriptor Descriptor => Info;

    public override Verdict Evaluate(ResourceContext context)
    {
        var index = context.Facts.Derived(SubnetIndex.Build);
        if (!index.Subnets.TryGetValue(context.LogicalId, out var mine))
        {
            return Verdict.NotApplicable("the subnet's range or VPC is known only at deployment");
        }

        var overlapping = index.Subnets
            .Where(s => s.Key != context.LogicalId && s.Value.Vpc == mine.Vpc && s.Value.Range.Overlaps(mine.Range))
            .Select(s => (Resource: context.Facts.Template.FindResource(s.Key)!, s.Value.Range))
            .Where(o => o.Resource.Condition is null || context.Evaluator.Condition(o.Resource.Condition) != false)
            .ToList();
        if (overlapping.Count == 0)
        {
            return Verdict.Pass($"{mine.Range} overlaps no other subnet of {mine.Vpc}");
        }

        var names = string.Join(", ", overlapping.Select(o => $"{o.Resource.LogicalId} {o.Range} (line {o.Resource.Key.Span.Start.Line})"));
        return Verdict.Fail(
            $"{context.LogicalId} {mine.Range} overlaps {names} in {mine.Vpc}: EC2 rejects the second subnet",
            context.Properties?.KeyNode("CidrBlock") ?? context.Resource.Key);
    }

    /// <summary>An IPv4 range.</summary>
    private readonly record struct Range(uint Network, int Prefix)
    {
        private uint Mask => Prefix == 0 ? 0 : uint.MaxValue << (32 - Prefix);

        public bool Overlaps(Range other) => (Network & other.Mask & Mask) == (other.Network & Mask & other.Mask);

        public static Range? Parse(string text)
        {
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (slash < 0 || !IPAddress.TryParse(text[..slash], out var address) || address.AddressFamily != AddressFamily.InterNetwork
                || !int.TryParse(text[(slash + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
            {
                return null;
            }

            var bytes = address.GetAddressBytes();
            var value = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
            var range = new Range(0, prefix);
            return range with { Network = value & range.Mask };
        }

        /// <summary>The i-th of the ranges <c>Fn::Cidr</c> carves from this block with <paramref name="bits"/> host bits each.</summary>
        public Range? Carve(int i, int count, int bits)
        {
            var prefix = 32 - bits;
            if (bits < 0 || prefix < Prefix || i < 0 || i >= count || (ulong)(i + 1) << bits > 1UL << (32 - Prefix))
            {
                return null;
            }

            return new Range(Network + ((uint)i << bits), prefix);
        }

        public override string ToString() =>
            $"{Network >> 24}.{(Network >> 16) & 255}.{(Network >> 8) & 255}.{Network & 255}/{Prefix}";
    }

    private sealed record Subnet(string Vpc, Range Range);

    private sealed class SubnetIndex
    {
        public Dictionary<string, Subnet> Subnets { get; } = new(StringComparer.Ordinal);

        public static SubnetIndex Build(TemplateFacts facts)
        {
            var index = new SubnetIndex();
            var evaluator = facts.Evaluator;
            foreach (var (subnet, properties) in facts.ResourcesOfType("AWS::EC2::Subnet"))
            {
                var vpc = subnet.Properties?["VpcId"] is { } written && Intrinsics.TryGetCall(written, out var fn, out var arg) && fn == "Ref" && arg is ScalarNode name
                    ? name.Value
                    : (properties?["VpcId"] as ScalarValue)?.Text;
                if (vpc is not null && RangeOf(facts, subnet.Properties?["CidrBlock"], properties?["CidrBlock"], evaluator) is { } range)
                {
                    index.Subnets[subnet.LogicalId] = new Subnet(vpc, range);
                }
            }

            return index;
        }

        private static Range? RangeOf(TemplateFacts facts, TemplateNode? written, Value? value, Evaluator evaluator)
        {
            if (value is ScalarValue literal)
            {
                return Range.Parse(literal.Text);
            }

            if (!Intrinsics.TryGetCall(written, out var fn, out var arg) || fn != "Fn::Select" || arg is not SequenceNode { Items.Count: 2 } select
                || evaluator.Evaluate(select.Items[0]) is not ScalarValue index
                || !int.TryParse(index.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var i)
                || !Intrinsics.TryGetCall(select.Items[1], out var cidr, out var cidrArg) || cidr != "Fn::Cidr"
                || cidrArg is not SequenceNode { Items.Count: 3 } parts
                || evaluator.Evaluate(parts.Items[1]) is not ScalarValue count
                || evaluator.Evaluate(parts.Items[2]) is not ScalarValue bits
                || !int.TryParse(count.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                || !int.TryParse(bits.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var b))
            {
                return null;
            }

            return Block(facts, parts.Items[0], evaluator)?.Carve(i, n, b);
        }

        /// <summary>The block <c>Fn::Cidr</c> carves: a known value, or the literal range of a VPC of the template.</summary>
        private static Range? Block(TemplateFacts facts, TemplateNode node, Evaluator evaluator)
        {
            if (evaluator.Evaluate(node) is ScalarValue literal)
            {
                return Range.Parse(literal.Text);
            }

            var vpc = Intrinsics.TryGetCall(node, out var fn, out var arg) && fn == "Fn::GetAtt"
                ? arg switch
                {
                    ScalarNode { Value: var s } when s.EndsWith(".CidrBlock", StringComparison.Ordinal) => s[..^".CidrBlock".Length],
                    SequenceNode { Items: [ScalarNode v, ScalarNode { Value: "CidrBlock" }] } => v.Value,
                    _ => null,
                }
                : null;
            return vpc is not null && facts.Template.FindResource(vpc) is { Type: "AWS::EC2::VPC" } && facts.PropertiesOf(vpc)?["CidrBlock"] is ScalarValue block
                ? Range.Parse(block.Text)
                : null;
        }
    }
}
