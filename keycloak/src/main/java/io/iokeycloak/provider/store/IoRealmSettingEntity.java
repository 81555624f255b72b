package io.iokeycloak.provider.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/**
 * One realm-wide IO setting as JSON: the processor list of a flow category
 * ({@code processors/<category>}), the obligation type -> flow mapping ({@code obligation-flows})
 * and the theme ({@code theme}).
 */
@Entity
@Table(name = "IO_REALM_SETTING")
@NamedQueries({
        @NamedQuery(name = "IoRealmSetting.byRealm", query = "select s from IoRealmSettingEntity s where s.realmId = :realmId order by s.name"),
        @NamedQuery(name = "IoRealmSetting.byName", query = "select s from IoRealmSettingEntity s where s.realmId = :realmId and s.name = :name"),
        @NamedQuery(name = "IoRealmSetting.deleteRealm", query = "delete from IoRealmSettingEntity s where s.realmId = :realmId"),
})
public class IoRealmSettingEntity {

    /** The obligation type -> library flow id mapping: a JSON object. */
    public static final String OBLIGATION_FLOWS = "obligation-flows";
    /** The realm's theme for the bridge's pages: a JSON string. */
    public static final String THEME = "theme";
    /** Followed by a flow category: that category's processor ids in run order, a JSON array. */
    public static final String PROCESSORS_PREFIX = "processors/";

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    @Column(name = "NAME", nullable = false)
    private String name;

    @Column(name = "SETTING_VALUE", nullable = false)
    private String value;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getValue() { return value; }
    public void setValue(String value) { this.value = value; }
}
