using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Portico.BrowserTests.Infrastructure;

/// <summary>
/// The real Portico app on Kestrel (a random loopback port, so a browser can reach it) with demo data in a SQLite
/// file of its own and email written to a pickup directory beside it.
/// </summary>
public sealed class PortalServer : WebApplicationFactory<Program>
{
    public PortalServer(string dataDirectory)
    {
        DataDirectory = dataDirectory;
        Directory.CreateDirectory(dataDirectory);
    }

    public string DataDirectory { get; }

    public string PickupDirectory => Path.Combine(DataDirectory, "outbox");

    public ServerLog Log { get; } = new();

    /// <summary>The mail the server sent, read from <see cref="PickupDirectory"/>.</summary>
    public Outbox Outbox => new(PickupDirectory);

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Starts Kestrel and reads back the address it bound.</summary>
    public void Start()
    {
        UseKestrel(0);
        StartServer();
        var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseUrl = new Uri(addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));

        // Note: links in emails (access requests, invitations, resets) are built from Portico:PublicUrl; the port is
        // known only now, and the app reads the setting per message, so a test can follow an emailed link as is.
        Services.GetRequiredService<IConfiguration>()["Portico:PublicUrl"] = BaseUrl.GetLeftPart(UriPartial.Authority);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Portico", $"Data Source={Path.Combine(DataDirectory, "portico.db")}");
        builder.UseSetting("Portico:Database:Provider", "Sqlite");
        builder.UseSetting("Portico:DemoData", "true");
        builder.UseSetting("Portico:Email:PickupDirectory", PickupDirectory);

        // Note: cheaper Argon2 parameters keep sign-ins fast; the hasher's own tests use the OWASP ones.
        builder.UseSetting("Portico:Passwords:Argon2:MemoryKiB", "8192");
        builder.UseSetting("Portico:Passwords:Argon2:Iterations", "1");

        // Note: every browser comes from 127.0.0.1, so the per-IP form limit would be shared by all tests.
        builder.UseSetting("Portico:RateLimits:PublicFormPermits", "1000");

        builder.ConfigureLogging(logging => logging.AddProvider(Log));
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, TestIdStartupFilter>());
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
