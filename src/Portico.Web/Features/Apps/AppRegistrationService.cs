using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Portico.Web.Authorization;
using Portico.Web.Data;
using Portico.Web.Features.AuditLog;
using Portico.Web.Infrastructure;
using Portico.Web.Infrastructure.Api;
using Portico.Web.Resources;

namespace Portico.Web.Features.Apps;

/// <summary>Stable error codes of app registrations; each has <c>Error.&lt;code&gt;</c> in both resource files.</summary>
public static class AppErrors
{
    public const string AppNotFound = "app_not_found";
    public const string NameTaken = "app_name_taken";
    public const string Changed = "app_changed";
    public const string AlreadyDisabled = "app_already_disabled";
    public const string AlreadyActive = "app_already_active";
    public const string DeleteNotAllowed = "app_delete_not_allowed";
    public const string AppDisabled = "app_disabled";
    public const string SecretNotFound = "app_secret_not_found";
    public const string SecretLimitReached = "app_secret_limit_reached";

    public static readonly IReadOnlyList<string> All =
        [AppNotFound, NameTaken, Changed, AlreadyDisabled, AlreadyActive, DeleteNotAllowed, AppDisabled, SecretNotFound, SecretLimitReached];
}

/// <summary>Field error codes of redirect URIs; each has <c>Validation.&lt;code&gt;</c> in both resource files.</summary>
public static class RedirectUriCodes
{
    public const string TooMany = "too_many_redirect_uris";
    public const string NotAbsolute = "redirect_uri_not_absolute";
    public const string NotHttps = "redirect_uri_not_https";
    public const string Fragment = "redirect_uri_fragment";
    public const string Wildcard = "redirect_uri_wildcard";
    public const string Duplicate = "redirect_uri_duplicate";

    public static readonly IReadOnlyList<string> All = [TooMany, NotAbsolute, NotHttps, Fragment, Wildcard, Duplicate];
}

/// <summary>The fields of an app registration as a client sends them; the platform arrives as its name and is checked here.</summary>
public sealed record AppInput(string? DisplayName, string? Description, string? Platform, IReadOnlyList<string?>? RedirectUris);

/// <summary>An app registration as the API and pages show it.</summary>
public sealed record AppView(
    Guid Id, string DisplayName, string Description, string Platform, IReadOnlyList<string> RedirectUris, Guid ClientId, string Status,
    int ActiveSecrets, DateTime CreatedAt, string? CreatedBy, DateTime UpdatedAt, string? UpdatedBy, Guid Version);

/// <summary>A client secret as the API and pages list it: never its value, only the hint.</summary>
public sealed record AppSecretView(Guid Id, string Description, string Hint, DateTime CreatedAt, string? CreatedBy, DateTime ExpiresAt, bool Expired);

/// <summary>A secret just created: its listing and, this once, its value.</summary>
public sealed record NewAppSecret(Guid Id, string Description, string Hint, DateTime CreatedAt, string? CreatedBy, DateTime ExpiresAt, bool Expired, string SecretText);

/// <summary>The outcome of an app command: the app (or new secret), or a stable error code with its HTTP status (and field errors).</summary>
public sealed record AppResult(int Status, string? Error, AppView? App, IReadOnlyList<FieldError>? Fields = null, NewAppSecret? Secret = null)
{
    public bool Succeeded => Error is null;

    public static AppResult Fail(int status, string error) => new(status, error, null);
}

/// <summary>
/// App registrations (SPEC §2–3, <c>DeveloperPrograms</c>): lists, registers, edits, disables, enables and deletes an
/// organization's apps, and issues and revokes their client secrets. The <c>apps</c> capability policy has already
/// run for the organization passed in; this class keeps every app inside that organization and applies the finer
/// rules: redirect URI safety, the secret limit, and delete for <c>Owner</c> or <c>GlobalAdmin</c> only.
/// </summary>
/// <remarks>
/// Blocks cross-tenant reads and writes (an app id of another organization is "not found"), open redirects through
/// loose redirect URIs (only https, or http on the loopback host; no wildcards or fragments), secret disclosure (a
/// secret is returned once and stored as a hash; audit rows carry its id and hint only) and silent overwrites (edits
/// carry the app's version). Every change is audited in the same transaction; a refused request writes nothing.
/// </remarks>
public sealed class AppRegistrationService(AppDbContext db, AuditTrail audit, TimeProvider time, IStringLocalizer<SharedResource> localizer)
{
    /// <summary>The prefix every client secret starts with, so a leaked one is recognisable to secret scanners.</summary>
    public const string SecretPrefix = "pco_";

    public const int MaxActiveSecrets = 5;

    /// <summary>The roles that may delete an app registration (held organization-wide in the app's organization).</summary>
    public static readonly IReadOnlyList<string> DeleteRoles = [Roles.Owner, Roles.GlobalAdmin];

    /// <summary>
    /// True when <paramref name="user"/> may delete the organization's app registrations: a member of it holding
    /// <c>Owner</c> or <c>GlobalAdmin</c> for the whole organization. <c>Manager</c> and <c>Developer</c> hold <c>apps</c>
    /// but not delete, and a provider's agent acting through delegated administration holds neither role here.
    /// </summary>
    public static bool CanDelete(ClaimsPrincipal user, Guid organizationId)
    {
        ArgumentNullException.ThrowIfNull(user);
        return user.OrganizationId() == organizationId && DeleteRoles.Any(role => user.HasClaim(PorticoClaims.Role, role));
    }

    public async Task<IReadOnlyList<AppView>> ListAsync(Guid orgId, CancellationToken cancellationToken) =>
        await Project(db.AppRegistrations.AsNoTracking().Where(a => a.OrganizationId == orgId).OrderBy(a => a.DisplayName)).ToListAsync(cancellationToken);

    public async Task<AppView?> GetAsync(Guid orgId, Guid appId, CancellationToken cancellationToken) =>
        await Project(db.AppRegistrations.AsNoTracking().Where(a => a.OrganizationId == orgId && a.Id == appId)).SingleOrDefaultAsync(cancellationToken);

    /// <summary>The app's secrets, newest first, or null when the organization has no such app.</summary>
    public async Task<IReadOnlyList<AppSecretView>?> ListSecretsAsync(Guid orgId, Guid appId, CancellationToken cancellationToken)
    {
        if (!await db.AppRegistrations.AnyAsync(a => a.OrganizationId == orgId && a.Id == appId, cancellationToken))
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        return await db.AppSecrets.AsNoTracking().Where(s => s.AppRegistrationId == appId)
            .OrderByDescending(s => s.CreatedUtc)
            .Select(s => new AppSecretView(
                s.Id, s.Description, s.Hint, DateTime.SpecifyKind(s.CreatedUtc, DateTimeKind.Utc),
                db.Users.Where(u => u.Id == s.CreatedBy).Select(u => u.DisplayName).FirstOrDefault(),
                DateTime.SpecifyKind(s.ExpiresUtc, DateTimeKind.Utc), s.ExpiresUtc <= now))
            .ToListAsync(cancellationToken);
    }

    public async Task<AppResult> CreateAsync(Guid orgId, ClaimsPrincipal actor, AppInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        if (Check(input) is { } invalid)
        {
            return invalid;
        }

        var normalized = AppRegistration.Normalize(input.DisplayName!);
        if (await db.AppRegistrations.AnyAsync(a => a.OrganizationId == orgId && a.NormalizedDisplayName == normalized, cancellationToken))
        {
            return AppResult.Fail(StatusCodes.Status409Conflict, AppErrors.NameTaken);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var app = new AppRegistration
        {
            OrganizationId = orgId,
            Status = AppStatus.Active,
            CreatedUtc = now,
            CreatedBy = actor.AccountId(),
            UpdatedUtc = now,
            UpdatedBy = actor.AccountId(),
        };
        Apply(app, input);
        db.AppRegistrations.Add(app);
        audit.Record(AuditEventType.AppCreated, targetOrganizationId: orgId,
            details: new { appId = app.Id, clientId = app.ClientId, name = app.DisplayName, platform = app.Platform.ToString(), redirectUris = app.RedirectUriList });
        if (await SaveAsync(cancellationToken) is { } lost)
        {
            return AppResult.Fail(StatusCodes.Status409Conflict, lost);
        }

        return new AppResult(StatusCodes.Status201Created, null, await GetAsync(orgId, app.Id, cancellationToken));
    }

    /// <param name="version">The version the client edited; null skips the check (API clients that do not send it).</param>
    public async Task<AppResult> UpdateAsync(Guid orgId, Guid appId, ClaimsPrincipal actor, AppInput input, Guid? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(input);
        if (Check(input) is { } invalid)
        {
            return invalid;
        }

        var app = await db.AppRegistrations.SingleOrDefaultAsync(a => a.OrganizationId == orgId && a.Id == appId, cancellationToken);
        if (app is null)
        {
            return AppResult.Fail(StatusCodes.Status404NotFound, AppErrors.AppNotFound);
        }

        if (version is { } expected && expected != app.Version)
        {
            return AppResult.Fail(StatusCodes.Status409Conflict, AppErrors.Changed);
        }

        var normalized = AppRegistration.Normalize(input.DisplayName!);
        if (normalized != app.NormalizedDisplayName
            && await db.AppRegistrations.AnyAsync(a => a.OrganizationId == orgId && a.NormalizedDisplayName == normalized && a.Id != appId, cancellationToken))
        {
            return AppResult.Fail(StatusCodes.Status409Conflict, AppErrors.NameTaken);
        }

        var before = Snapshot(app);
        Apply(app, input);
        var after = Snapshot(app);
        var changed = before.Keys.Where(k => before[k] != after[k]).ToList();
        if (changed.Count == 0)
        {
            return new AppResult(StatusCodes.Status200OK, null, await GetAsync(orgId, appId, cancellationToken));
        }

        Touch(app, actor);
        audit.Record(AuditEventType.AppUpdated, targetOrganizationId: orgId,
            details: new { appId = app.Id, clientId = app.ClientId, name = app.DisplayName, changed, redirectUris = app.RedirectUriList });
        if (await SaveAsync(cancellationToken) is { } lost)
        {
            return AppResult.Fail(StatusCodes.Status409Conflict, lost);
        }

        return new AppResult(StatusCodes.Status200OK, null, await GetAsync(orgId, appId, cancellationToken));
    }

    /// <summary>Disables an active app (false) or enables a disabled one (true); its secrets are kept either way.</summary>
    public async Task<AppResult> SetEnabledAsync(Guid orgId, Guid appId, ClaimsPrincipal actor, bool enable, Guid? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var app = await db.AppRegistrations.SingleOrDefaultAsync(a => a.OrganizationId == orgId && a.Id == appId, cancellationToken);
        if (app is null)
        {
            return AppResult.Fail(StatusCodes.Status404NotFound, AppErrors.AppNotFound);
        }

        if (version is { } expected && expected != app.Version)
        {
            return AppResult.Fail(StatusCodes.Status409Conflict, AppErrors.Changed);
        }

        if (enable == (app.Status == AppStatus.Active))
        {
            return AppResult.Fail(StatusCodes.Status409Conflict, enable ? AppErrors.AlreadyActive : AppErrors.AlreadyDisabled);
        }

        app.Status = enable ? AppStatus.Active : AppStatus.Disabled;
        Touch(app, actor);
        audit.Record(enable ? AuditEventType.AppEnabled : AuditEventType.AppDisabled, targetOrganizationId: orgId,
            details: new { appId = app.Id, clientId = app.ClientId, name = app.DisplayName });
        if (await SaveAsync(cancellationToken) is { } lost)
        {
            return AppResult.Fail(StatusCodes.Status409Conflict, lost);
        }

        return new AppResult(StatusCodes.Status200OK, null, await GetAsync(orgId, appId, cancellationToken));
    }

    /// <summary>Deletes the app and its secrets; only for <see cref="CanDelete"/> callers.</summary>
    public async Task<AppResult> DeleteAsync(Guid orgId, Guid appId, ClaimsPrincipal actor, Guid? version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var app = await db.AppRegistrations.SingleOrDefaultAsync(a => a.OrganizationId == orgId && a.Id == appId, cancellationToken);
        if (app is null)
        {
            return AppResult.Fail(StatusCodes.Status404NotFound, AppErrors.AppNotFound);
        }

        if (!CanDelete(actor, orgId))
        {
            return AppResult.Fail(StatusCodes.Status403Forbidden, AppErrors.DeleteNotAllowed);
        }

        if (version is { } expected && expected != app.Version)
        {
            return AppResult.Fail(StatusCodes.Status409Conflict, AppErrors.Changed);
        }

        var secrets = await db.AppSecrets.Where(s => s.AppRegistrationId == appId).ToListAsync(cancellationToken);
        db.AppSecrets.RemoveRange(secrets);
        db.AppRegistrations.Remove(app);
        audit.Record(AuditEventType.AppDeleted, targetOrganizationId: orgId,
            details: new { appId = app.Id, clientId = app.ClientId, name = app.DisplayName, secretsRemoved = secrets.Count });
        if (await SaveAsync(cancellationToken) is { } lost)
        {
            return AppResult.Fail(StatusCodes.Status409Conflict, lost);
        }

        return new AppResult(StatusCodes.Status204NoContent, null, null);
    }

    /// <summary>Issues a client secret for an active app: the value is in the result this once and stored only as a hash.</summary>
    public async Task<AppResult> CreateSecretAsync(
        Guid orgId, Guid appId, ClaimsPrincipal actor, string? description, int? expiresInDays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var validate = new Validate(localizer)
            .Text("description", description, AppSecret.DescriptionMaxLength, required: false)
            .Check(expiresInDays is not null, "expiresInDays", FieldCodes.Required);
        validate.Check(expiresInDays is null || AppSecret.LifetimesInDays.Contains(expiresInDays.Value), "expiresInDays", FieldCodes.InvalidValue);
        if (!validate.IsValid)
        {
            return new AppResult(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, null, validate.Errors);
        }

        var app = await db.AppRegistrations.SingleOrDefaultAsync(a => a.OrganizationId == orgId && a.Id == appId, cancellationToken);
        if (app is null)
        {
            return AppResult.Fail(StatusCodes.Status404NotFound, AppErrors.AppNotFound);
        }

        if (app.Status == AppStatus.Disabled)
        {
            return AppResult.Fail(StatusCodes.Status409Conflict, AppErrors.AppDisabled);
        }

        var now = time.GetUtcNow().UtcDateTime;
        if (await db.AppSecrets.CountAsync(s => s.AppRegistrationId == appId && s.ExpiresUtc > now, cancellationToken) >= MaxActiveSecrets)
        {
            return AppResult.Fail(StatusCodes.Status409Conflict, AppErrors.SecretLimitReached);
        }

        var (text, secret) = NewSecret(appId, description?.Trim() ?? "", now, now.AddDays(expiresInDays!.Value), actor.AccountId());
        db.AppSecrets.Add(secret);

        // Note: the limit was counted before this write, so two concurrent adds could both pass it. Each add also moves
        // the app's version (its concurrency token, read above before the count): the second add's UPDATE then matches
        // no row and its save fails as stale (app_changed), with its secret and audit row, on SQLite and PostgreSQL
        // alike. A revoke needs no such guard: it can only lower the count.
        app.Version = Guid.NewGuid();

        // Note: the audit row names the secret by id and hint; the value and its hash never leave this method.
        audit.Record(AuditEventType.AppSecretCreated, targetOrganizationId: orgId,
            details: new { appId, clientId = app.ClientId, name = app.DisplayName, secretId = secret.Id, hint = secret.Hint, expiresUtc = secret.ExpiresUtc });
        if (await SaveAsync(cancellationToken) is { } lost)
        {
            return AppResult.Fail(StatusCodes.Status409Conflict, lost);
        }

        var createdBy = await db.Users.Where(u => u.Id == secret.CreatedBy).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        return new AppResult(StatusCodes.Status201Created, null, await GetAsync(orgId, appId, cancellationToken), Secret: new NewAppSecret(
            secret.Id, secret.Description, secret.Hint, DateTime.SpecifyKind(now, DateTimeKind.Utc), createdBy,
            DateTime.SpecifyKind(secret.ExpiresUtc, DateTimeKind.Utc), false, text));
    }

    /// <summary>Revokes (deletes) one secret of the app; allowed while the app is disabled and after the secret expired.</summary>
    public async Task<AppResult> RevokeSecretAsync(Guid orgId, Guid appId, Guid secretId, ClaimsPrincipal actor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var app = await db.AppRegistrations.AsNoTracking().SingleOrDefaultAsync(a => a.OrganizationId == orgId && a.Id == appId, cancellationToken);
        if (app is null)
        {
            return AppResult.Fail(StatusCodes.Status404NotFound, AppErrors.AppNotFound);
        }

        var secret = await db.AppSecrets.SingleOrDefaultAsync(s => s.AppRegistrationId == appId && s.Id == secretId, cancellationToken);
        if (secret is null)
        {
            return AppResult.Fail(StatusCodes.Status404NotFound, AppErrors.SecretNotFound);
        }

        db.AppSecrets.Remove(secret);
        audit.Record(AuditEventType.AppSecretRevoked, targetOrganizationId: orgId,
            details: new { appId, clientId = app.ClientId, name = app.DisplayName, secretId = secret.Id, hint = secret.Hint });
        if (await SaveAsync(cancellationToken) is { } lost)
        {
            return AppResult.Fail(StatusCodes.Status409Conflict, lost);
        }

        return new AppResult(StatusCodes.Status204NoContent, null, null);
    }

    /// <summary>
    /// A new secret: 256 bits from the operating system's CSPRNG, base64url-encoded behind <see cref="SecretPrefix"/>,
    /// and the entity that keeps only its hash and hint.
    /// </summary>
    public static (string Text, AppSecret Secret) NewSecret(Guid appId, string description, DateTime createdUtc, DateTime expiresUtc, Guid? createdBy)
    {
        var random = System.Buffers.Text.Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
        var text = SecretPrefix + random;

        // Note: the hint is taken after the prefix, which is the same for every secret and would tell them apart by nothing.
        return (text, new AppSecret
        {
            AppRegistrationId = appId,
            Description = description,
            Hint = random[..AppSecret.HintLength],
            Hash = HashSecret(text),
            CreatedUtc = createdUtc,
            CreatedBy = createdBy,
            ExpiresUtc = expiresUtc,
        });
    }

    /// <summary>The stored form of a client secret.</summary>
    /// <remarks>
    /// Note: a plain SHA-256 is right here and a password hash (Argon2id) is not. The secret is 256 random bits, so
    /// there is nothing to guess or look up in a dictionary, and a slow hash would only make each client check costly.
    /// </remarks>
    public static string HashSecret(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>Field errors of <paramref name="input"/> (field names as the API spells them), or null when it is valid.</summary>
    public AppResult? Check(AppInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var validate = new Validate(localizer)
            .Text("displayName", input.DisplayName, AppRegistration.DisplayNameMaxLength)
            .Text("description", input.Description, AppRegistration.DescriptionMaxLength, required: false, multiline: true)
            .Text("platform", input.Platform, 32);
        validate.Check(input.Platform is null || Enum.GetNames<AppPlatform>().Contains(input.Platform), "platform", FieldCodes.InvalidValue);
        var uris = input.RedirectUris ?? [];
        validate.Check(uris.Count <= AppRegistration.MaxRedirectUris, "redirectUris", RedirectUriCodes.TooMany);
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < uris.Count && i < AppRegistration.MaxRedirectUris; i++)
        {
            var field = $"redirectUris[{i}]";
            var uri = uris[i]?.Trim();
            var before = validate.Errors.Count;
            validate.Text(field, uri, AppRegistration.RedirectUriMaxLength);
            if (validate.Errors.Count == before && RedirectUriError(uri!) is { } code)
            {
                validate.Check(false, field, code);
            }
            else if (validate.Errors.Count == before)
            {
                validate.Check(seen.Add(uri!), field, RedirectUriCodes.Duplicate);
            }
        }

        return validate.IsValid ? null : new AppResult(StatusCodes.Status400BadRequest, ErrorCodes.ValidationFailed, null, validate.Errors);
    }

    /// <summary>
    /// Why a redirect URI is refused, or null: it must be absolute, https (or http on localhost / 127.0.0.1, any port, for
    /// desktop apps and development), without a fragment, wildcard, user info or white space.
    /// </summary>
    public static string? RedirectUriError(string uri)
    {
        ArgumentNullException.ThrowIfNull(uri);
        if (uri.Contains('*', StringComparison.Ordinal))
        {
            return RedirectUriCodes.Wildcard;
        }

        if (uri.Contains('#', StringComparison.Ordinal))
        {
            return RedirectUriCodes.Fragment;
        }

        if (uri.Any(char.IsWhiteSpace) || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || parsed.IsFile || parsed.IsUnc
            || string.IsNullOrEmpty(parsed.Host) || parsed.UserInfo.Length > 0 || !uri.Contains("://", StringComparison.Ordinal))
        {
            return RedirectUriCodes.NotAbsolute;
        }

        var loopback = parsed.Host is "localhost" or "127.0.0.1";
        return parsed.Scheme == Uri.UriSchemeHttps || (parsed.Scheme == Uri.UriSchemeHttp && loopback) ? null : RedirectUriCodes.NotHttps;
    }

    private static void Apply(AppRegistration app, AppInput input)
    {
        app.DisplayName = input.DisplayName!.Trim();
        app.NormalizedDisplayName = AppRegistration.Normalize(input.DisplayName!);
        app.Description = input.Description?.Trim() ?? "";
        app.Platform = Enum.Parse<AppPlatform>(input.Platform!);
        app.RedirectUris = string.Join('\n', (input.RedirectUris ?? []).Select(u => u!.Trim()));
    }

    private static Dictionary<string, string> Snapshot(AppRegistration app) => new()
    {
        ["displayName"] = app.DisplayName,
        ["description"] = app.Description,
        ["platform"] = app.Platform.ToString(),
        ["redirectUris"] = app.RedirectUris,
    };

    private void Touch(AppRegistration app, ClaimsPrincipal actor)
    {
        app.UpdatedUtc = time.GetUtcNow().UtcDateTime;
        app.UpdatedBy = actor.AccountId();
        app.Version = Guid.NewGuid();
    }

    /// <summary>
    /// Saves the change and its audit record; on a lost race, the error: another edit saved first (version), or the
    /// unique name index refused a concurrent insert or rename to the same name. Any other failure propagates.
    /// </summary>
    private async Task<string?> SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Note: the change and its audit record were refused together; drop both from the unit of work.
            db.ChangeTracker.Clear();
            return AppErrors.Changed;
        }
        catch (DbUpdateException e) when (db.IsUniqueViolation<AppRegistration>(e, nameof(AppRegistration.OrganizationId), nameof(AppRegistration.NormalizedDisplayName)))
        {
            db.ChangeTracker.Clear();
            return AppErrors.NameTaken;
        }
    }

    private IQueryable<AppView> Project(IQueryable<AppRegistration> apps)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return apps.Select(a => new AppView(
            a.Id, a.DisplayName, a.Description, a.Platform.ToString(),
            a.RedirectUris == "" ? Array.Empty<string>() : a.RedirectUris.Split('\n', StringSplitOptions.None), a.ClientId, a.Status.ToString(),
            db.AppSecrets.Count(s => s.AppRegistrationId == a.Id && s.ExpiresUtc > now),
            DateTime.SpecifyKind(a.CreatedUtc, DateTimeKind.Utc),
            db.Users.Where(u => u.Id == a.CreatedBy).Select(u => u.DisplayName).FirstOrDefault(),
            DateTime.SpecifyKind(a.UpdatedUtc, DateTimeKind.Utc),
            db.Users.Where(u => u.Id == a.UpdatedBy).Select(u => u.DisplayName).FirstOrDefault(), a.Version));
    }
}
