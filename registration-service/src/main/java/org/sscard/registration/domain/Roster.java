package org.sscard.registration.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;

import java.time.Instant;
import java.util.UUID;

/** An employer's roster upload: a job that registers each row as an application. */
@Entity
@Table(name = "roster")
public class Roster {
    public enum Status { RECEIVED, PROCESSING, COMPLETED, FAILED }

    @Id
    public UUID id;
    @Column(name = "employer_id")
    public String employerId;
    /** CSV, JSON or XLSX. */
    public String format;
    @Column(name = "file_name")
    public String fileName;
    public String sha256;
    @Column(name = "idempotency_key")
    public String idempotencyKey;
    @jakarta.persistence.Enumerated(jakarta.persistence.EnumType.STRING)
    public Status status;
    @Column(name = "total_rows")
    public Integer totalRows;
    @Column(name = "rows_done")
    public int rowsDone;
    public int accepted;
    public int rejected;
    @Column(name = "already_registered")
    public int alreadyRegistered;
    public int late;
    @Column(name = "photos_attached")
    public int photosAttached;
    /** Rows per chunk, fixed when processing starts so that a resumed roster finds its chunks again. */
    @Column(name = "chunk_size")
    public Integer chunkSize;
    /** The header row as the employer wrote it (a CSV line), for the rejected-rows file. */
    public String header;
    public String failure;
    @Column(name = "uploaded_by")
    public String uploadedBy;
    @Column(name = "uploaded_at")
    public Instant uploadedAt;
    @Column(name = "lease_until")
    public Instant leaseUntil;
    /** The worker holding the lease: a token taken at each claim. */
    @Column(name = "lease_owner")
    public java.util.UUID leaseOwner;
    @Column(name = "finished_at")
    public Instant finishedAt;
    @Version
    public long version;
}
