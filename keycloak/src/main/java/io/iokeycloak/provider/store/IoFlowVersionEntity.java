package io.iokeycloak.provider.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A published version of a flow: written once, never changed. */
@Entity
@Table(name = "IO_FLOW_VERSION")
@NamedQueries({
        @NamedQuery(name = "IoFlowVersion.byFlow", query = "select v from IoFlowVersionEntity v where v.flow = :flow order by v.versionNumber desc"),
        @NamedQuery(name = "IoFlowVersion.byNumber", query = "select v from IoFlowVersionEntity v where v.flow = :flow and v.versionNumber = :number"),
        @NamedQuery(name = "IoFlowVersion.latest", query = "select max(v.versionNumber) from IoFlowVersionEntity v where v.flow = :flow"),
        @NamedQuery(name = "IoFlowVersion.deleteFlow", query = "delete from IoFlowVersionEntity v where v.flow = :flow"),
        @NamedQuery(name = "IoFlowVersion.deleteRealm", query = "delete from IoFlowVersionEntity v where v.flow in (select f.id from IoFlowEntity f where f.realmId = :realmId)"),
})
public class IoFlowVersionEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    /** {@link IoFlowEntity#getId()}. */
    @Column(name = "FLOW", length = 36, nullable = false)
    private String flow;

    @Column(name = "VERSION_NUMBER", nullable = false)
    private int versionNumber;

    /** Canonical JSON; {@link #digest} is over exactly these bytes. */
    @Column(name = "DEFINITION", nullable = false)
    private String definition;

    @Column(name = "DIGEST", nullable = false)
    private String digest;

    @Column(name = "AUTHOR")
    private String author;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "VERSION_COMMENT")
    private String comment;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getFlow() { return flow; }
    public void setFlow(String flow) { this.flow = flow; }
    public int getVersionNumber() { return versionNumber; }
    public void setVersionNumber(int versionNumber) { this.versionNumber = versionNumber; }
    public String getDefinition() { return definition; }
    public void setDefinition(String definition) { this.definition = definition; }
    public String getDigest() { return digest; }
    public void setDigest(String digest) { this.digest = digest; }
    public String getAuthor() { return author; }
    public void setAuthor(String author) { this.author = author; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public String getComment() { return comment; }
    public void setComment(String comment) { this.comment = comment; }
}
