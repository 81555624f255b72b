package io.iokeycloak.provider.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A flow's messages in one locale, for its draft (version 0) or for a published version. */
@Entity
@Table(name = "IO_MESSAGE_BUNDLE")
@NamedQueries({
        @NamedQuery(name = "IoMessageBundle.byVersion", query = "select b from IoMessageBundleEntity b where b.flow = :flow and b.versionNumber = :number order by b.locale"),
        @NamedQuery(name = "IoMessageBundle.deleteFlow", query = "delete from IoMessageBundleEntity b where b.flow = :flow"),
        @NamedQuery(name = "IoMessageBundle.deleteRealm", query = "delete from IoMessageBundleEntity b where b.flow in (select f.id from IoFlowEntity f where f.realmId = :realmId)"),
})
public class IoMessageBundleEntity {

    public static final int DRAFT = 0;

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "FLOW", length = 36, nullable = false)
    private String flow;

    @Column(name = "VERSION_NUMBER", nullable = false)
    private int versionNumber;

    @Column(name = "LOCALE", nullable = false)
    private String locale;

    /** JSON object: message key -> text. */
    @Column(name = "MESSAGES", nullable = false)
    private String messages;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getFlow() { return flow; }
    public void setFlow(String flow) { this.flow = flow; }
    public int getVersionNumber() { return versionNumber; }
    public void setVersionNumber(int versionNumber) { this.versionNumber = versionNumber; }
    public String getLocale() { return locale; }
    public void setLocale(String locale) { this.locale = locale; }
    public String getMessages() { return messages; }
    public void setMessages(String messages) { this.messages = messages; }
}
