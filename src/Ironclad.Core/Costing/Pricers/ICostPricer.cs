namespace Ironclad.Core.Costing.Pricers;

/// <summary>Prices one family of what a hardening adds (NAT gateways, keys, buckets, ...) into the ledger.</summary>
internal interface ICostPricer
{
    void Price(CostLedger ledger);
}
