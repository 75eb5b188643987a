using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Portico.Tests.Verification;

/// <summary>
/// A real DNS server on loopback: Debian's dnsmasq (installed by scripts/test.sh), serving only the TXT records a
/// test gives it, authoritative for <c>.example</c> (<c>--local</c>), so any other name there is NXDOMAIN.
/// </summary>
public sealed class DnsServer : IDisposable
{
    private Process? process;

    public DnsServer() => Port = FreePort();

    /// <summary>The loopback port (UDP and TCP) the server listens on; fixed for the server's life, so the app can be configured with it.</summary>
    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public static string Executable =>
        new[] { "/usr/sbin/dnsmasq", "/usr/bin/dnsmasq" }.FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException("dnsmasq is not installed (scripts/test.sh installs dnsmasq-base with apt-get).");

    /// <summary>(Re)starts dnsmasq serving exactly <paramref name="records"/> (name, TXT value).</summary>
    public async Task ServeAsync(params (string Name, string Value)[] records)
    {
        Stop();
        var info = new ProcessStartInfo(Executable)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--no-daemon", "--conf-file=/dev/null", "--no-hosts", "--no-resolv", "--no-poll",
            "--listen-address=127.0.0.1", "--bind-interfaces", $"--port={Port}", "--pid-file=", "--log-facility=-",
        })
        {
            info.ArgumentList.Add(argument);
        }

        // Note: authoritative for the test TLD, so a name without records is NXDOMAIN, not "no upstream server".
        info.ArgumentList.Add("--local=/example/");

        foreach (var (name, value) in records)
        {
            // Note: no shell in between, so no quoting; the values used in tests hold no commas.
            info.ArgumentList.Add($"--txt-record={name},{value}");
        }

        if (Environment.UserName == "root")
        {
            // Note: as root dnsmasq would switch to the "dnsmasq"/"nobody" user; it needs nothing root can do here.
            info.ArgumentList.Add("--user=root");
        }

        process = Process.Start(info) ?? throw new InvalidOperationException("dnsmasq did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitUntilListeningAsync();
    }

    public void Stop()
    {
        if (process is { HasExited: false })
        {
            process.Kill();
            process.WaitForExit(5000);
        }

        process?.Dispose();
        process = null;
    }

    public void Dispose() => Stop();

    private async Task WaitUntilListeningAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            if (process!.HasExited)
            {
                throw new InvalidOperationException($"dnsmasq exited with code {process.ExitCode}.");
            }

            try
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        throw new TimeoutException("dnsmasq did not listen in time.");
    }

    private static int FreePort()
    {
        // Note: a port free for both TCP and UDP (dnsmasq binds both).
        for (var i = 0; i < 20; i++)
        {
            using var tcp = new TcpListener(IPAddress.Loopback, 0);
            tcp.Start();
            var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
            tcp.Stop();
            try
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, port));
                return port;
            }
            catch (SocketException)
            {
            }
        }

        throw new InvalidOperationException("No free loopback port.");
    }
}
