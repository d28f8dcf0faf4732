using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Ironclad.Aws.Tests.Support;

/// <summary>
/// One moto_server per test class, on a free loopback port. It is required, not optional: a machine
/// without it fails these tests (in CI, CI=true, as anywhere else) instead of skipping them.
/// </summary>
public sealed class MotoServer : IDisposable
{
    public const string AccountId = "123456789012";
    public const string Region = "us-east-1";

    // moto accepts any credentials; distinctive ones let tests prove they never leak into output.
    public const string AccessKeyId = "AKIAIRONCLADTESTKEY1";
    public const string SecretAccessKey = "IroncladSecretThatMustNeverBePrinted0001";
    private readonly Process process;
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public MotoServer()
    {
        // verify resolves credentials through the SDK's default chain: the environment comes first.
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", AccessKeyId);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", SecretAccessKey);
        Environment.SetEnvironmentVariable("AWS_SESSION_TOKEN", null);
        Environment.SetEnvironmentVariable("AWS_DEFAULT_REGION", Region);
        Environment.SetEnvironmentVariable("AWS_REGION", Region);

        var executable = FindOnPath("moto_server") ?? throw new InvalidOperationException(
            "moto_server is not on PATH; these integration tests need it (pip install 'moto[server]==5.2.1')"
            + (Environment.GetEnvironmentVariable("CI") == "true" ? " and CI=true forbids skipping them" : string.Empty));
        Port = FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{Port}/");
        var start = new ProcessStartInfo(executable, ["-H", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AWS_ACCESS_KEY_ID"] = "test";
        start.Environment["AWS_SECRET_ACCESS_KEY"] = "test";
        start.Environment["AWS_DEFAULT_REGION"] = Region;
        process = Process.Start(start) ?? throw new InvalidOperationException("moto_server did not start");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        WaitUntilReady();
    }

    public int Port { get; }

    public Uri Endpoint { get; }

    /// <summary>Forgets every resource, so that each test starts from an empty account.</summary>
    public async Task ResetAsync()
    {
        using var response = await http.PostAsync(new Uri(Endpoint, "moto-api/reset"), null).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }

        process.Dispose();
        http.Dispose();
    }

    private void WaitUntilReady()
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {process.ExitCode} before it was ready");
            }

            try
            {
                using var response = http.GetAsync(new Uri(Endpoint, "moto-api/data.json")).GetAwaiter().GetResult();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            Thread.Sleep(100);
        }

        Dispose();
        throw new InvalidOperationException("moto_server was not ready within 30 s");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
