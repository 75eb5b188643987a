using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Postgres.Migrations
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
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "EndedByAccountId",
                table: "ResellerRelationships",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "EndedByOrganizationId",
                table: "ResellerRelationships",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "Version",
                table: "ResellerRelationships",
                type: "uuid",
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
