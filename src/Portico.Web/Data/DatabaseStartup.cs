namespace Portico.Web.Data;

public static class DatabaseStartup
{
    /// <summary>Applies migrations when enabled and seeds demo data on an empty database when <c>Portico:DemoData</c> is true.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        if (options.MigrateOnStartup)
        {
            await DatabaseSetup.MigrateAsync(app.Services);
        }

        if (app.Configuration.GetValue<bool>("Portico:DemoData"))
        {
            await using var scope = app.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<DemoData>().SeedIfEmptyAsync(CancellationToken.None);
        }
    }
}
