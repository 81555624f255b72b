package io.iokeycloak.provider.mapper;

import io.iokeycloak.provider.session.IoSessionNotes;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

import java.util.ArrayList;
import java.util.List;

/**
 * Claims from the IO evidence of the login: {@code io_evidence} (the evidence entries' types) and
 * {@code amr} values the entries carried ({@code payload.amr}), merged into any {@code amr} already
 * in the token. Reads the user-session notes {@code io.evidence} and {@code io.amr} the provider
 * sets when it applies evidence; a login without a journey gets no claims.
 */
public class IoEvidenceMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, UserInfoTokenMapper {

    public static final String PROVIDER_ID = "io-evidence-mapper";
    public static final String EVIDENCE_CLAIM = "io_evidence";
    public static final String AMR_CLAIM = "amr";

    private static final List<ProviderConfigProperty> CONFIG_PROPERTIES = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG_PROPERTIES, IoEvidenceMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getDisplayType() {
        return "IO evidence";
    }

    @Override
    public String getHelpText() {
        return "Adds claim io_evidence (types of the IO journey's evidence) and amr values from the evidence.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG_PROPERTIES;
    }

    /** After Keycloak's own mappers, so an amr they set is extended rather than replaced. */
    @Override
    public int getPriority() {
        return 100;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        List<String> types = EvidenceClaims.readNote(userSession.getNote(IoSessionNotes.EVIDENCE));
        if (!types.isEmpty()) {
            token.getOtherClaims().put(EVIDENCE_CLAIM, types);
        }
        List<String> amr = EvidenceClaims.readNote(userSession.getNote(IoSessionNotes.AMR));
        if (!amr.isEmpty()) {
            token.getOtherClaims().put(AMR_CLAIM, EvidenceClaims.mergeAmr(token.getOtherClaims().get(AMR_CLAIM), amr));
        }
    }
}
