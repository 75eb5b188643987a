using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class EndResellerRelationships : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "EndedAt",
                table: "ResellerRelationships",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "EndedByAccountId",
                table: "ResellerRelationships",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "EndedByOrganizationId",
                table: "ResellerRelationships",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "Version",
                table: "ResellerRelationships",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "EndedAt",
                table: "ResellerRelationships");

            migrationBuilder.DropColumn(
                name: "EndedByAccountId",
                table: "ResellerRelationships");

            migrationBuilder.DropColumn(
                name: "EndedByOrganizationId",
                table: "ResellerRelationships");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "ResellerRelationships");
        }
    }
}
