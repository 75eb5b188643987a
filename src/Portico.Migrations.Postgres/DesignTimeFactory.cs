using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Portico.Web.Data;

namespace Portico.Migrations.Postgres;

/// <summary>Lets <c>dotnet ef</c> build the model for this provider without starting the web host.</summary>
public sealed class DesignTimeFactory : IDesignTimeDbContextFactory<AppDbContext>
{
    public AppDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        builder.UseNpgsql("Host=localhost;Database=portico_design", o => o.MigrationsAssembly(DatabaseSetup.PostgresMigrationsAssembly));
        return new AppDbContext(builder.Options);
    }
}
