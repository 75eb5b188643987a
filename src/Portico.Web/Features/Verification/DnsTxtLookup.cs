using System.Net;
using DnsClient;
using Microsoft.Extensions.Options;

namespace Portico.Web.Features.Verification;

public sealed class DnsOptions
{
    /// <summary>Resolvers as <c>host:port</c> (or a bare address for port 53); empty uses the system's resolvers.</summary>
    public List<string> Servers { get; set; } = [];

    public int TimeoutSeconds { get; set; } = 5;
}

/// <summary>The outcome of a TXT lookup: the records found, or that the resolver could not answer.</summary>
public sealed record TxtLookupResult(bool ResolverFailed, IReadOnlyList<string> Records);

/// <summary>Looks up TXT records through the configured resolver (<c>Portico:Dns</c>), with DnsClient.NET.</summary>
/// <remarks>
/// Note: the cache is off, so a partner who just published the record is not answered from an earlier miss; a
/// NXDOMAIN or empty answer is "no record", a timeout or server failure is reported as the resolver failing.
/// </remarks>
public sealed class DnsTxtLookup
{
    private readonly LookupClient client;

    public DnsTxtLookup(IOptions<DnsOptions> options)
    {
        var settings = options.Value;
        var servers = settings.Servers.Select(Parse).ToArray();
        var lookupOptions = servers.Length > 0 ? new LookupClientOptions(servers) : new LookupClientOptions();
        lookupOptions.UseCache = false;
        lookupOptions.Timeout = TimeSpan.FromSeconds(Math.Clamp(settings.TimeoutSeconds, 1, 30));
        lookupOptions.Retries = 1;
        lookupOptions.ThrowDnsErrors = false;
        lookupOptions.ContinueOnDnsError = false;
        client = new LookupClient(lookupOptions);
    }

    public async Task<TxtLookupResult> LookupAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            var response = await client.QueryAsync(name, QueryType.TXT, QueryClass.IN, cancellationToken);
            if (response.HasError && response.Header.ResponseCode != DnsHeaderResponseCode.NotExistentDomain)
            {
                return new TxtLookupResult(true, []);
            }

            var records = response.Answers.TxtRecords().Select(r => string.Concat(r.Text)).ToList();
            return new TxtLookupResult(false, records);
        }
        catch (DnsResponseException)
        {
            return new TxtLookupResult(true, []);
        }
    }

    internal static NameServer Parse(string server)
    {
        var value = server.Trim();
        if (IPEndPoint.TryParse(value, out var endpoint))
        {
            return new NameServer(endpoint.Address, endpoint.Port == 0 ? NameServer.DefaultPort : endpoint.Port);
        }

        var colon = value.LastIndexOf(':');
        if (colon > 0 && int.TryParse(value[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture, out var port))
        {
            var host = value[..colon];
            var address = Dns.GetHostAddresses(host).First();
            return new NameServer(address, port);
        }

        return new NameServer(Dns.GetHostAddresses(value).First(), NameServer.DefaultPort);
    }
}
