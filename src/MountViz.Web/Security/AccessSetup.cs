using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;

namespace MountViz.Web.Security;

/// <summary>Wires the access checks into the services and the pipeline.</summary>
internal static class AccessSetup
{
    /// <summary>
    /// Registers the token, the host policy, the token authentication scheme and a default
    /// policy that needs it, so <c>RequireAuthorization()</c> on an endpoint means "has the token".
    /// </summary>
    public static IServiceCollection AddMountVizAccess(this IServiceCollection services, AccessToken token, HostPolicy hosts)
    {
        services.AddSingleton(token);
        services.AddSingleton(hosts);
        services.AddAuthentication(AccessDefaults.Scheme)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessDefaults.Scheme, null);
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder(AccessDefaults.Scheme).RequireAuthenticatedUser().Build());
        return services;
    }

    /// <summary>The Host/Origin guard: first, before static files and everything else.</summary>
    public static IApplicationBuilder UseRequestOriginGuard(this IApplicationBuilder app) =>
        app.UseMiddleware<RequestOriginGuard>();

    /// <summary>The token link (<c>/?token=</c>), authentication and authorization.</summary>
    public static IApplicationBuilder UseMountVizAccess(this IApplicationBuilder app)
    {
        app.UseMiddleware<TokenLinkMiddleware>();
        app.UseAuthentication();
        app.UseAuthorization();
        return app;
    }
}
