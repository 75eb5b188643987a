using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;

namespace Portico.Tests.Api;

/// <summary>Both migration sets match the model (CI fails on pending model changes) and were generated together.</summary>
public sealed class MigrationTests
{
    private static AppDbContext Context(string provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = provider }, connectionString);
        return new AppDbContext(builder.Options);
    }

    [Theory]
    [InlineData("Sqlite", "Data Source=:memory:")]
    [InlineData("Postgres", "Host=127.0.0.1;Database=portico_model_check")]
    public void Migrations_ForEachProvider_HaveNoPendingModelChanges(string provider, string connectionString)
    {
        using var db = Context(provider, connectionString);

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(), $"{provider}: the model has changes without a migration; run scripts/add-migration.sh.");
    }

    [Fact]
    public void Migrations_BothProviders_HaveTheSameMigrationNames()
    {
        using var sqlite = Context("Sqlite", "Data Source=:memory:");
        using var postgres = Context("Postgres", "Host=127.0.0.1;Database=portico_model_check");

        static IEnumerable<string> Names(AppDbContext db) => db.Database.GetMigrations().Select(id => id[(id.IndexOf('_', StringComparison.Ordinal) + 1)..]);

        Assert.Equal(Names(sqlite), Names(postgres));
    }

    [Fact]
    public async Task Migrations_TestDatabase_IsFullyMigrated()
    {
        await using var factory = new PortalFactory();

        var pending = await factory.WithDbAsync(db => db.Database.GetPendingMigrationsAsync(ApiClient.Ct));
        var applied = await factory.WithDbAsync(db => db.Database.GetAppliedMigrationsAsync(ApiClient.Ct));

        Assert.Empty(pending);
        Assert.NotEmpty(applied);
        Assert.Equal(PortalFactory.UsesPostgres ? "Npgsql.EntityFrameworkCore.PostgreSQL" : "Microsoft.EntityFrameworkCore.Sqlite",
            await factory.WithDbAsync(db => Task.FromResult(db.Database.ProviderName)));
    }
}
