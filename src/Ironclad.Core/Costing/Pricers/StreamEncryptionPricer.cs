using static Ironclad.Core.Costing.CostValues;

namespace Ironclad.Core.Costing.Pricers;

/// <summary>
/// A Kinesis stream encrypted by the hardening: the AWS-managed key has no monthly charge, but Kinesis asks KMS
/// for a data key about every five minutes, and those requests are billed.
/// </summary>
internal sealed class StreamEncryptionPricer : ICostPricer
{
    public void Price(CostLedger ledger)
    {
        var delta = ledger.Delta;
        var streams = delta.HardenedOfType("AWS::Kinesis::Stream")
            .Where(r => Text(delta.Get(r, "StreamEncryption", "EncryptionType")) == "KMS"
                && !(delta.Before(r) is { } o && Text(delta.Get(o, "StreamEncryption", "EncryptionType")) == "KMS"))
            .Select(r => (r.LogicalId, Requests: ledger.Usage.For(UsageAssumptions.KinesisKmsRequestsPerMonth, r.LogicalId)))
            .ToList();
        if (streams.Count == 0)
        {
            return;
        }

        var requests = streams.Sum(s => s.Requests);
        var per10K = ledger.Prices[PriceKeys.KmsRequestsPer10K].Usd;
        var sum = streams.Count == 1 ? CostFormat.Number(requests) : "(" + string.Join(" + ", streams.Select(s => $"{s.LogicalId} {CostFormat.Number(s.Requests)}")) + ")";
        ledger.Add(new CostItem(
            "KMS requests of encrypted Kinesis streams",
            requests,
            "requests",
            per10K,
            "10,000 requests",
            requests / 10_000m * per10K,
            $"{sum} / 10,000 × {ledger.P(PriceKeys.KmsRequestsPer10K)}",
            streams.Select(s => s.LogicalId).ToList(),
            [PriceKeys.KmsRequestsPer10K],
            "the AWS-managed key alias/aws/kinesis has no monthly charge; the account's free KMS requests are not assumed here, since other keys use them"));
    }
}
