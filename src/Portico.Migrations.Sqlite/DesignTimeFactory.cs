using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Portico.Web.Data;

namespace Portico.Migrations.Sqlite;

/// <summary>Lets <c>dotnet ef</c> build the model for this provider without starting the web host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        builder.UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(DatabaseSetup.SqliteMigrationsAssembly));
        return new AppDbContext(builder.Options);
    }
}
