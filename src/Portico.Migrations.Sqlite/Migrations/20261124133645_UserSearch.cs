using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Portico.Migrations.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class UserSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Accounts_OrganizationId",
                table: "Accounts");

            migrationBuilder.AddColumn<string>(
                name: "SearchKey",
                table: "Accounts",
                type: "TEXT",
                maxLength: 720,
                nullable: false,
                defaultValue: "");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_OrganizationId_DisplayName_NormalizedEmail",
                table: "Accounts",
                columns: new[] { "OrganizationId", "DisplayName", "NormalizedEmail" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Accounts_OrganizationId_DisplayName_NormalizedEmail",
                table: "Accounts");

            migrationBuilder.DropColumn(
                name: "SearchKey",
                table: "Accounts");

            migrationBuilder.CreateIndex(
                name: "IX_Accounts_OrganizationId",
                table: "Accounts",
                column: "OrganizationId");
        }
    }
}
