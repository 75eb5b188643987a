using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Sqlite.Migrations
{
    /// <summary>
    /// Nothing to do on SQLite: the PostgreSQL migration of the same name moves the user list to byte order, which
    /// SQLite's BINARY collation already is. Kept so both providers carry the same migration history (STYLE.md).
    /// </summary>
    public partial class OrderedUserSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
        }
    }
}
