namespace Ironclad.Core.Costing.Pricers;

/// <summary>
/// Every pricer, registered explicitly, in the order of the report's lines. The order also matters where one
/// family claims what another would price: the NAT gateways claim their addresses before the standalone
/// addresses are priced, and the free groups take only what no other line claimed, so they run last.
/// </summary>
internal static class CostPricers
{
    public static IReadOnlyList<ICostPricer> All { get; } =
    [
        new NatGatewayPricer(),
        new ElasticIpPricer(),
        new EndpointPricer(),
        new KmsKeyPricer(),
        new PointInTimeRecoveryPricer(),
        new BucketStoragePricer(),
        new ReplicationPricer(),
        new VersioningPricer(),
        new QueuePricer(),
        new AlarmPricer(),
        new TracingPricer(),
        new StreamEncryptionPricer(),
        new LogGroupPricer(),
        new FreeResourcePricer(),
    ];
}
