package io.iokeycloak.provider.store;

import jakarta.persistence.EntityManager;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IO's configuration in Keycloak's database, always scoped by realm. Reads go to the database
 * (through the request's entity manager and its transaction): nothing is cached across requests,
 * so a second node or a restarted one sees what was committed, and no cluster invalidation is needed.
 */
public final class IoConfigStore {

    private final EntityManager em;

    public IoConfigStore(EntityManager em) {
        this.em = em;
    }

    public static IoConfigStore of(KeycloakSession session) {
        return new IoConfigStore(session.getProvider(JpaConnectionProvider.class).getEntityManager());
    }

    public List<IoFlowEntity> flows(String realmId) {
        return em.createNamedQuery("IoFlow.byRealm", IoFlowEntity.class).setParameter("realmId", realmId).getResultList();
    }

    public Optional<IoFlowEntity> flow(String realmId, String flowId) {
        return em.createNamedQuery("IoFlow.byFlowId", IoFlowEntity.class)
                .setParameter("realmId", realmId).setParameter("flowId", flowId)
                .getResultStream().findFirst();
    }

    public IoFlowEntity addFlow(IoFlowEntity flow) {
        flow.setId(KeycloakModelUtils.generateId());
        em.persist(flow);
        return flow;
    }

    public void deleteFlow(IoFlowEntity flow) {
        em.createNamedQuery("IoMessageBundle.deleteFlow").setParameter("flow", flow.getId()).executeUpdate();
        em.createNamedQuery("IoFlowVersion.deleteFlow").setParameter("flow", flow.getId()).executeUpdate();
        em.remove(flow);
    }

    /** Newest first. */
    public List<IoFlowVersionEntity> versions(IoFlowEntity flow) {
        return em.createNamedQuery("IoFlowVersion.byFlow", IoFlowVersionEntity.class).setParameter("flow", flow.getId()).getResultList();
    }

    public Optional<IoFlowVersionEntity> version(IoFlowEntity flow, int number) {
        return em.createNamedQuery("IoFlowVersion.byNumber", IoFlowVersionEntity.class)
                .setParameter("flow", flow.getId()).setParameter("number", number)
                .getResultStream().findFirst();
    }

    public int latestVersionNumber(IoFlowEntity flow) {
        Integer latest = em.createNamedQuery("IoFlowVersion.latest", Integer.class).setParameter("flow", flow.getId()).getSingleResult();
        return latest == null ? 0 : latest;
    }

    public IoFlowVersionEntity addVersion(IoFlowVersionEntity version) {
        version.setId(KeycloakModelUtils.generateId());
        em.persist(version);
        return version;
    }

    /** Locale -> JSON object of messages, for the draft ({@link IoMessageBundleEntity#DRAFT}) or a version. */
    public Map<String, String> bundles(IoFlowEntity flow, int versionNumber) {
        Map<String, String> bundles = new LinkedHashMap<>();
        bundleEntities(flow, versionNumber).forEach(bundle -> bundles.put(bundle.getLocale(), bundle.getMessages()));
        return bundles;
    }

    public void putDraftBundle(IoFlowEntity flow, String locale, String messages) {
        IoMessageBundleEntity bundle = bundleEntities(flow, IoMessageBundleEntity.DRAFT).stream()
                .filter(candidate -> candidate.getLocale().equals(locale)).findFirst()
                .orElseGet(() -> newBundle(flow, IoMessageBundleEntity.DRAFT, locale));
        bundle.setMessages(messages);
    }

    /** Freezes the draft's bundles as those of a newly published version. */
    public void copyDraftBundles(IoFlowEntity flow, int versionNumber) {
        bundles(flow, IoMessageBundleEntity.DRAFT).forEach((locale, messages) -> newBundle(flow, versionNumber, locale).setMessages(messages));
    }

    private List<IoMessageBundleEntity> bundleEntities(IoFlowEntity flow, int versionNumber) {
        return em.createNamedQuery("IoMessageBundle.byVersion", IoMessageBundleEntity.class)
                .setParameter("flow", flow.getId()).setParameter("number", versionNumber).getResultList();
    }

    private IoMessageBundleEntity newBundle(IoFlowEntity flow, int versionNumber, String locale) {
        IoMessageBundleEntity bundle = new IoMessageBundleEntity();
        bundle.setId(KeycloakModelUtils.generateId());
        bundle.setFlow(flow.getId());
        bundle.setVersionNumber(versionNumber);
        bundle.setLocale(locale);
        bundle.setMessages("{}");
        em.persist(bundle);
        return bundle;
    }

    public Optional<String> setting(String realmId, String name) {
        return settingEntity(realmId, name).map(IoRealmSettingEntity::getValue);
    }

    /** Name -> JSON value of every setting the realm has. */
    public Map<String, String> settings(String realmId) {
        Map<String, String> settings = new LinkedHashMap<>();
        em.createNamedQuery("IoRealmSetting.byRealm", IoRealmSettingEntity.class).setParameter("realmId", realmId)
                .getResultStream().forEach(setting -> settings.put(setting.getName(), setting.getValue()));
        return settings;
    }

    public void putSetting(String realmId, String name, String value) {
        IoRealmSettingEntity setting = settingEntity(realmId, name).orElseGet(() -> {
            IoRealmSettingEntity created = new IoRealmSettingEntity();
            created.setId(KeycloakModelUtils.generateId());
            created.setRealmId(realmId);
            created.setName(name);
            return created;
        });
        setting.setValue(value);
        em.persist(setting);
    }

    /** @return whether the realm had the setting */
    public boolean deleteSetting(String realmId, String name) {
        Optional<IoRealmSettingEntity> setting = settingEntity(realmId, name);
        setting.ifPresent(em::remove);
        return setting.isPresent();
    }

    private Optional<IoRealmSettingEntity> settingEntity(String realmId, String name) {
        return em.createNamedQuery("IoRealmSetting.byName", IoRealmSettingEntity.class)
                .setParameter("realmId", realmId).setParameter("name", name)
                .getResultStream().findFirst();
    }

    /** Everything IO keeps for a realm, when the realm is removed. */
    public void deleteRealm(String realmId) {
        for (String query : List.of("IoMessageBundle.deleteRealm", "IoFlowVersion.deleteRealm", "IoFlow.deleteRealm", "IoRealmSetting.deleteRealm")) {
            em.createNamedQuery(query).setParameter("realmId", realmId).executeUpdate();
        }
    }
}
