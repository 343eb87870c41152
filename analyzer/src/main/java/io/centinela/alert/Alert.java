package io.centinela.alert;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.centinela.sigma.SigmaMatch;
import io.centinela.yara.YaraMatch;

import java.util.List;

/**
 * One alert for one event: the contract between the analyzer, the connector and the Splunk app.
 * Documented field by field in docs/alert-schema.md, validated by docs/alert-schema.json; serialised with
 * {@link AlertJson} (snake_case names, nulls omitted).
 *
 * <p>CIM Alerts: app, description, dest, id (= alert_id), signature, signature_id, severity, src, type, user,
 * severity_id, mitre_technique_id, vendor_product. Intrusion_Detection / Malware: action, category, ids_type,
 * dvc, file_name, file_path, file_hash, url. ES risk: risk_score, risk_object, risk_object_type, threat_object,
 * threat_object_type.
 */
public record Alert(
        String alertId,
        @JsonSerialize(using = EpochSecondsSerializer.class) double time,
        String app,
        String vendorProduct,
        String type,
        String signature,
        String signatureId,
        String description,
        Severity severity,
        int severityId,
        String src,
        String dest,
        String user,
        String dvc,
        List<String> mitreTechniqueId,
        List<String> mitreTactic,
        String category,
        String idsType,
        String action,
        String fileName,
        String filePath,
        String fileHash,
        String url,
        int riskScore,
        String riskObject,
        String riskObjectType,
        String threatObject,
        String threatObjectType,
        List<String> detectionSources,
        List<SigmaMatch> sigma,
        List<YaraMatch> yara,
        ModelDetection model,
        List<String> reasons,
        AlertOrigin origin) {

    public Alert {
        mitreTechniqueId = List.copyOf(mitreTechniqueId);
        mitreTactic = List.copyOf(mitreTactic);
        detectionSources = List.copyOf(detectionSources);
        sigma = List.copyOf(sigma);
        yara = List.copyOf(yara);
        reasons = List.copyOf(reasons);
        if (riskScore < 0 || riskScore > 100) {
            throw new IllegalArgumentException("risk_score must be 0-100, got " + riskScore);
        }
    }

    /** CIM {@code id}: the same as {@code alert_id}. */
    public String id() {
        return alertId;
    }
}
