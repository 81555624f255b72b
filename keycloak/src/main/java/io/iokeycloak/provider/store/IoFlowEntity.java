package io.iokeycloak.provider.store;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;

/** A realm's flow: its draft definition, the active version and an optional rollout to a second version. */
@Entity
@Table(name = "IO_FLOW")
@NamedQueries({
        @NamedQuery(name = "IoFlow.byRealm", query = "select f from IoFlowEntity f where f.realmId = :realmId order by f.flowId"),
        @NamedQuery(name = "IoFlow.byFlowId", query = "select f from IoFlowEntity f where f.realmId = :realmId and f.flowId = :flowId"),
        @NamedQuery(name = "IoFlow.deleteRealm", query = "delete from IoFlowEntity f where f.realmId = :realmId"),
})
public class IoFlowEntity {

    @Id
    @Column(name = "ID", length = 36)
    private String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    private String realmId;

    /** The flow's id in its definition, in client attributes ({@code io.flow}) and in the API's paths. */
    @Column(name = "FLOW_ID", nullable = false)
    private String flowId;

    @Column(name = "NAME", nullable = false)
    private String name;

    @Column(name = "CATEGORY", nullable = false)
    private String category;

    /** Canonical JSON of the draft definition. */
    @Column(name = "DRAFT", nullable = false)
    private String draft;

    @Column(name = "CREATED_BY")
    private String createdBy;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Column(name = "UPDATED_BY")
    private String updatedBy;

    @Column(name = "UPDATED_AT", nullable = false)
    private long updatedAt;

    @Column(name = "ACTIVE_VERSION")
    private Integer activeVersion;

    @Column(name = "ROLLOUT_VERSION")
    private Integer rolloutVersion;

    @Column(name = "ROLLOUT_PERCENTAGE")
    private Integer rolloutPercentage;

    public String getId() { return id; }
    public void setId(String id) { this.id = id; }
    public String getRealmId() { return realmId; }
    public void setRealmId(String realmId) { this.realmId = realmId; }
    public String getFlowId() { return flowId; }
    public void setFlowId(String flowId) { this.flowId = flowId; }
    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getCategory() { return category; }
    public void setCategory(String category) { this.category = category; }
    public String getDraft() { return draft; }
    public void setDraft(String draft) { this.draft = draft; }
    public String getCreatedBy() { return createdBy; }
    public void setCreatedBy(String createdBy) { this.createdBy = createdBy; }
    public long getCreatedAt() { return createdAt; }
    public void setCreatedAt(long createdAt) { this.createdAt = createdAt; }
    public String getUpdatedBy() { return updatedBy; }
    public void setUpdatedBy(String updatedBy) { this.updatedBy = updatedBy; }
    public long getUpdatedAt() { return updatedAt; }
    public void setUpdatedAt(long updatedAt) { this.updatedAt = updatedAt; }
    public Integer getActiveVersion() { return activeVersion; }
    public void setActiveVersion(Integer activeVersion) { this.activeVersion = activeVersion; }
    public Integer getRolloutVersion() { return rolloutVersion; }
    public void setRolloutVersion(Integer rolloutVersion) { this.rolloutVersion = rolloutVersion; }
    public Integer getRolloutPercentage() { return rolloutPercentage; }
    public void setRolloutPercentage(Integer rolloutPercentage) { this.rolloutPercentage = rolloutPercentage; }
}
