using CsCheck;
using Ironclad.Core.Hardening;
using Ironclad.Core.Rules;
using Ironclad.Core.Scanning;
using Ironclad.Core.Templates;

namespace Ironclad.Tests.Hardening;

/// <summary>
/// Every corpus and golden template under random combinations of fix's options: the plan never
/// crashes, its output parses, re-scans clean except for what the plan left, and fixes to itself.
/// (cfn-lint and the SAM transform run over the fixed options in <see cref="FixChecksTests"/>.)
/// </summary>
public class OptionPropertyTests
{
    private static readonly string[] Inputs = FixSuite.AllCases().Where(c => c.Kind != "Example").Select(c => c.InputPath).ToArray();

    private static readonly Gen<HardeningOptions> GenOptions =
        Gen.Select(Gen.Bool, Gen.Bool, Gen.Int[0, 2], Gen.Bool, Gen.Int[0, 2], Gen.Bool).Select((existing, singleNat, endpoints, port80, alarms, convert) => new HardeningOptions
        {
            Network = existing ? NetworkMode.Existing : NetworkMode.New,
            SingleNat = singleNat,
            Endpoints = endpoints switch { 0 => EndpointMode.Auto, 1 => EndpointMode.None, _ => EndpointMode.List },
            EndpointServices = endpoints == 2 ? ["sqs", "kms"] : [],
            AllowPort80 = port80,
            Alarms = alarms switch { 0 => AlarmMode.Region, 1 => AlarmMode.PerFunction, _ => AlarmMode.None },
            ConvertSimpleTables = convert,
            ReplicationPrefix = convert ? "uploads/" : "",
            Prefix = singleNat ? "app" : null,
        });

    [Fact]
    public void Should_Plan_Any_Template_Under_Any_Options_To_A_Fixed_Point()
    {
        Gen.Select(Gen.Int[0, Inputs.Length - 1], GenOptions).Sample(
            (index, options) =>
            {
                var path = Inputs[index];
                var template = CfnTemplate.From(TemplateDocument.Load(path));
                var plan = Hardener.Plan(template, options);
                var output = CfnTemplate.From(TemplateDocument.Parse(path, plan.Apply()));

                var left = plan.Unfixed.Select(u => (u.Finding.RuleId, u.Finding.Resource)).ToHashSet();
                var failing = new Scanner(RuleCatalog.All, new ScanOptions()).Scan(output, path).Results
                    .Where(r => r.Status == ResultStatus.Fail)
                    .Select(r => (r.Rule.Id, r.Resource));
                Assert.Empty(failing.Except(left));
                Assert.Empty(Hardener.Plan(output, options).Edits);
            },
            iter: 150,
            threads: 1,
            print: t => $"{Path.GetFileName(Inputs[t.Item1])} with {t.Item2}");
    }
}
