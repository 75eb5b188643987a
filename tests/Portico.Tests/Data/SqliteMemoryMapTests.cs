using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Portico.Tests.Infrastructure;
using Portico.Web.Data;

namespace Portico.Tests.Data;

/// <summary>
/// The SQLite file is memory-mapped only while a user search runs (<see cref="SqliteMemoryMap"/>): every other read
/// and write goes without the map, which SQLite drops and builds again after each commit of another connection.
/// </summary>
public sealed class SqliteMemoryMapTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "portico-mmap-" + Guid.NewGuid().ToString("N"));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Map_WhileHeld_MapsTheFile_AndDisposingUnmapsIt()
    {
        Assert.SkipWhen(PortalFactory.UsesPostgres, "The memory map is a SQLite matter.");
        await using var db = Context();
        await db.Database.OpenConnectionAsync(Ct);
        Assert.Equal(0, await MapSizeAsync(db));

        await using (await SqliteMemoryMap.MapAsync(db, Ct))
        {
            Assert.Equal(2147418112, await MapSizeAsync(db));
        }

        Assert.Equal(0, await MapSizeAsync(db));
    }

    [Fact]
    public async Task Map_OnAClosedConnection_HoldsItOpenUntilDisposed()
    {
        Assert.SkipWhen(PortalFactory.UsesPostgres, "The memory map is a SQLite matter.");
        await using var db = Context();

        var map = await SqliteMemoryMap.MapAsync(db, Ct);
        Assert.Equal(System.Data.ConnectionState.Open, db.Database.GetDbConnection().State);
        await map!.DisposeAsync();

        Assert.Equal(System.Data.ConnectionState.Closed, db.Database.GetDbConnection().State);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private AppDbContext Context()
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseSetup.Configure(builder, new DatabaseOptions { Provider = "Sqlite" }, $"Data Source={Path.Combine(folder, "portico.db")}");
        return new AppDbContext(builder.Options);
    }

    private static async Task<long> MapSizeAsync(AppDbContext db)
    {
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = "PRAGMA mmap_size";
        return Convert.ToInt64(await command.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture);
    }
}
