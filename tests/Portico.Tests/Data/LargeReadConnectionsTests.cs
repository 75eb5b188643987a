using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;
using Portico.Web.Features.Users;

namespace Portico.Tests.Data;

/// <summary>
/// On a SQLite file, user searches read on memory-mapped connections set aside for large reads, and every other
/// context reads without a map (ADR-0022): SQLite drops a map whenever another connection commits, which sign-ins
/// taking turns on the same connections would pay for on nearly every sign-in.
/// </summary>
public sealed class LargeReadConnectionsTests(FileBackedPortalFactory factory) : IClassFixture<FileBackedPortalFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SqliteConnectionReuse Reuse => factory.Services.GetRequiredService<SqliteConnectionReuse>();

    [Fact]
    public async Task UserSearch_OnAFile_FindsTheMatches_OnAMappedConnectionSetAside()
    {
        Assert.SkipWhen(PortalFactory.UsesPostgres, "Memory-mapped connections are a SQLite matter.");
        var org = (await factory.AnOrganizationAsync()).Organization.Id;
        var yamada = await factory.AWorkAccountAsync(org, displayName: "山田 花子");
        await factory.AWorkAccountAsync(org, displayName: "Quinn Example");

        await using var scope = factory.Scope();
        var page = await scope.ServiceProvider.GetRequiredService<UserQueries>().ListAsync(org, new UserListFilter("山田", null, null, null, 50), Ct);

        Assert.Equal([yamada.Id], page.Items.Select(i => i.Id));
        var largeReads = Assert.IsType<SqliteConnectionReuse>(Reuse.ForLargeReads);
        Assert.InRange(largeReads.KeptCount, 1, largeReads.MaxKept);
    }

    [Fact]
    public async Task ContextForLargeReads_OnAFile_ReadsMapped_WhileAnOrdinaryContextDoesNot()
    {
        Assert.SkipWhen(PortalFactory.UsesPostgres, "Memory-mapped connections are a SQLite matter.");
        await using var scope = factory.Scope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        await using var reads = db.ForLargeReads();

        var ordinary = await MapSizeAsync(db);
        var mapped = await MapSizeAsync(reads);

        Assert.Equal(0, ordinary);
        Assert.True(mapped > 0, $"mmap_size {mapped}");
        Assert.True(Reuse.ForLargeReads!.IsKept(reads.Database.GetDbConnection()));
        Assert.False(Reuse.ForLargeReads.IsKept(db.Database.GetDbConnection()));
    }

    /// <summary>The memory-map limit of the connection <paramref name="db"/> reads on (opened by a query first).</summary>
    private static async Task<long> MapSizeAsync(AppDbContext db)
    {
        await db.Organizations.CountAsync(Ct);
        var connection = db.Database.GetDbConnection();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = "PRAGMA mmap_size";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), CultureInfo.InvariantCulture);
    }
}
