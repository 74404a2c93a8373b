package org.sscard.registration.service;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import org.sscard.events.MaterialKind;
import org.sscard.platform.id.CitizenIdNumber;
import org.sscard.platform.problem.DomainException;
import org.sscard.platform.problem.FieldError;
import org.sscard.platform.security.Caller;
import org.sscard.registration.config.MaterialsConfig;
import org.sscard.registration.domain.Application;
import org.sscard.registration.domain.ApplicationStatus;
import org.sscard.registration.domain.Material;
import org.sscard.registration.domain.MaterialContent;
import org.sscard.registration.domain.PhotoSpec;
import org.sscard.registration.domain.RequiredMaterials;
import org.sscard.registration.files.ContentSniffer;
import org.sscard.registration.files.JpegInfo;
import org.sscard.registration.repository.MaterialRepository;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The materials of an application: stored with their SHA-256 and the content type sniffed from the bytes, within a
 * size limit; a photo must meet the digital spec. Nothing of their content is logged or put in events.
 */
@ApplicationScoped
@Transactional
public class MaterialService {
    /** Scans and photos: what a counter scanner or a phone produces. */
    private static final Set<String> ACCEPTED_TYPES = Set.of("image/jpeg", "image/png", "application/pdf");
    /** Materials change only while the applicant is still putting the application together or answering review. */
    private static final Set<ApplicationStatus> OPEN_FOR_MATERIALS = EnumSet.of(ApplicationStatus.DRAFT,
            ApplicationStatus.SUPPLEMENT_REQUESTED);

    private final MaterialRepository materials;
    private final MaterialsConfig config;
    private final Clock clock;

    public MaterialService(MaterialRepository materials, MaterialsConfig config, Clock clock) {
        this.materials = materials;
        this.config = config;
        this.clock = clock;
    }

    /** Attaches (or replaces) the material of {@code kind} after checking its type, size and, for a photo, the spec. */
    public Material attach(Application app, MaterialKind kind, byte[] bytes, Caller caller) {
        if (!OPEN_FOR_MATERIALS.contains(app.status)) {
            throw DomainException.conflict("MATERIALS_LOCKED", "The application is " + app.status
                    + "; materials can be added while it is a DRAFT or when review asks for them");
        }
        return store(app.id, inspect(kind, bytes), bytes, caller.subject());
    }

    /**
     * Stores a material that {@link #inspect} accepted, replacing one of the same kind; the caller has checked the
     * application's state.
     */
    public Material store(UUID applicationId, Material m, byte[] bytes, String uploadedBy) {
        MaterialKind kind = m.kind;
        materials.find(applicationId, kind).ifPresent(old -> {
            materials.delete(old);
            materials.flush();
        });
        m.id = UUID.randomUUID();
        m.applicationId = applicationId;
        m.uploadedBy = uploadedBy;
        m.uploadedAt = clock.instant();
        materials.persist(m);
        MaterialContent content = new MaterialContent();
        content.materialId = m.id;
        content.content = bytes;
        materials.persistContent(content);
        return m;
    }

    /**
     * Checks one file and describes it, or says exactly what is wrong with it. A refusal does not doom the caller's
     * transaction: a roster reports a bad photo for its row and registers the row.
     */
    @Transactional(value = Transactional.TxType.SUPPORTS, dontRollbackOn = DomainException.class)
    public Material inspect(MaterialKind kind, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw DomainException.invalid("MATERIAL_EMPTY", "The file is empty");
        }
        long limit = kind == MaterialKind.PHOTO ? config.photo().maxBytes() : config.maxBytes();
        if (bytes.length > limit) {
            throw DomainException.tooLarge("MATERIAL_TOO_LARGE", "The " + kind + " file is " + kb(bytes.length)
                    + "; it may be at most " + kb(limit));
        }
        String type = ContentSniffer.sniff(bytes).filter(ACCEPTED_TYPES::contains).orElseThrow(() ->
                DomainException.unsupportedType("UNSUPPORTED_MATERIAL_TYPE",
                        "The file is not a JPEG, PNG or PDF document (its content was checked, not its name)"));
        if (kind == MaterialKind.PHOTO) {
            List<String> problems = photoSpec().problems(bytes);
            if (!problems.isEmpty()) {
                throw DomainException.breaksRule("PHOTO_SPEC_NOT_MET", "The photo does not meet the spec: "
                        + String.join("; ", problems),
                        problems.stream().map(p -> new FieldError("PHOTO", p)).toList());
            }
        }
        Material m = new Material();
        m.kind = kind;
        m.contentType = type;
        m.sizeBytes = bytes.length;
        m.sha256 = sha256(bytes);
        if ("image/jpeg".equals(type)) {
            JpegInfo.read(bytes).ifPresent(info -> {
                m.width = info.width();
                m.height = info.height();
                m.bitDepth = info.bitDepth();
                m.dpi = info.dpiX();
            });
        }
        return m;
    }

    public PhotoSpec photoSpec() {
        return PhotoSpec.of(config.photo());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Material> list(UUID applicationId) {
        return materials.forApplication(applicationId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Material get(UUID applicationId, MaterialKind kind) {
        return materials.find(applicationId, kind)
                .orElseThrow(() -> DomainException.notFound("Material " + kind + " of application " + applicationId));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public byte[] content(Material m) {
        return materials.content(m.id).map(c -> c.content)
                .orElseThrow(() -> DomainException.notFound("Material " + m.kind));
    }

    /** A material's bytes and the content type sniffed when it was stored. */
    public record Opened(String contentType, byte[] content) {
    }

    /** What the application still needs before it can be submitted, given the materials it has ({@link #list}). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RequiredMaterials.Missing> missing(Application app, List<Material> attached) {
        Set<MaterialKind> present = attached.stream().map(m -> m.kind)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(MaterialKind.class)));
        return RequiredMaterials.missing(app.category.name(), CitizenIdNumber.birthDate(app.idNumber),
                LocalDate.now(clock), present, config);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    private static String kb(long bytes) {
        return (bytes + 1023) / 1024 + " KB";
    }
}
