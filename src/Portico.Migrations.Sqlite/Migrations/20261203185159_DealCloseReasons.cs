using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class DealCloseReasons : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CloseReason",
                table: "Deals",
                type: "TEXT",
                maxLength: 32,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_Deals_OrganizationId_ClosedUtc",
                table: "Deals",
                columns: new[] { "OrganizationId", "ClosedUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Deals_OrganizationId_ClosedUtc",
                table: "Deals");

            migrationBuilder.DropColumn(
                name: "CloseReason",
                table: "Deals");
        }
    }
}
