using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EarningReferences : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Reference",
                table: "EarningLines",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EarningImports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    ImportedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ImportedByAccountId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ImportedByName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FileName = table.Column<string>(type: "TEXT", maxLength: 255, nullable: true),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Rows = table.Column<int>(type: "INTEGER", nullable: false),
                    Organizations = table.Column<int>(type: "INTEGER", nullable: false),
                    LinesAdded = table.Column<int>(type: "INTEGER", nullable: false),
                    LinesUpdated = table.Column<int>(type: "INTEGER", nullable: false),
                    LinesUnchanged = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_EarningImports", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_EarningLines_OrganizationId_Reference",
                table: "EarningLines",
                columns: new[] { "OrganizationId", "Reference" },
                unique: true,
                filter: "\"Reference\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_EarningImports_ImportedUtc",
                table: "EarningImports",
                column: "ImportedUtc");

            migrationBuilder.CreateIndex(
                name: "IX_EarningImports_Sha256",
                table: "EarningImports",
                column: "Sha256",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "EarningImports");

            migrationBuilder.DropIndex(
                name: "IX_EarningLines_OrganizationId_Reference",
                table: "EarningLines");

            migrationBuilder.DropColumn(
                name: "Reference",
                table: "EarningLines");
        }
    }
}
