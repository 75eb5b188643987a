using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Postgres.Migrations
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
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "EarningImports",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    ImportedUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    ImportedByAccountId = table.Column<Guid>(type: "uuid", nullable: true),
                    ImportedByName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    FileName = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    Sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Rows = table.Column<int>(type: "integer", nullable: false),
                    Organizations = table.Column<int>(type: "integer", nullable: false),
                    LinesAdded = table.Column<int>(type: "integer", nullable: false),
                    LinesUpdated = table.Column<int>(type: "integer", nullable: false),
                    LinesUnchanged = table.Column<int>(type: "integer", nullable: false)
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
