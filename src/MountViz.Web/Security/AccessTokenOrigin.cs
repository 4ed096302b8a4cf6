namespace MountViz.Web.Security;

/// <summary>Where the server's access token came from.</summary>
public enum AccessTokenOrigin
{
    /// <summary>Made at start (32 random bytes); printed inside the URL to open.</summary>
    Generated,

    /// <summary>The <c>--token</c> option of <c>mountviz serve</c>.</summary>
    Option,

    /// <summary>The <c>MOUNTVIZ_TOKEN</c> environment variable.</summary>
    Environment,
}
