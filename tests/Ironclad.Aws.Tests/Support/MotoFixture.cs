namespace Ironclad.Aws.Tests.Support;

/// <summary>moto_server and the stub in front of it, shared by the tests of one class.</summary>
public sealed class MotoFixture : IDisposable
{
    public MotoFixture()
    {
        Moto = new MotoServer();
        Stub = new AwsStub(Moto.Endpoint);
    }

    public MotoServer Moto { get; }

    public AwsStub Stub { get; }

    /// <summary>An empty account, a stub that forwards everything, no recorded requests.</summary>
    public async Task ResetAsync()
    {
        await Moto.ResetAsync().ConfigureAwait(false);
        Stub.Handler = null;
        Stub.ClearRequests();
    }

    public void Dispose()
    {
        Stub.Dispose();
        Moto.Dispose();
    }
}
