<#import "field.ftl" as field>
<#-- IO: "Sign out from other devices" starts ticked (keycloak.v2 leaves it unticked). After an account
     recovery the other sessions are as likely an intruder's as the user's own; a realm that uses this
     login theme ends them unless the user unticks the box. Keycloak applies it (logout-sessions). -->
<#macro logoutOtherSessions>
    <div id="kc-form-options" class="${properties.kcFormOptionsClass!}">
        <div class="${properties.kcFormOptionsWrapperClass!}">
            <@field.checkbox name="logout-sessions" label=msg("logoutOtherSessions") value=true />
        </div>
    </div>
</#macro>
