"""The inspections' pages, on both sites: the DOST's (plans with their shares and helpers, each inspection's
steps, the Art. 39 file) and an agency's (its inspections, its report, the head's signature, the corrective
report). Each POST names its step; the view calls that one service and shows a refusal as a message."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.roles import Perm
from accounts.services import has_perm
from core.errors import DomainError
from tenants.models import Agency
from web.decorators import agency_perm_required

from . import selectors, services
from .models import Inspection, InspectionFile, InspectionPlan, TeamMember

LINE_FIELDS = ("form", "inspecting_unit", "cooperating_unit", "expected_time", "budget")
HELPERS = {"oldest": selectors.oldest_inspected, "worst": selectors.worst_scored, "random": selectors.random_sample}


def _run(request, work) -> bool:
    try:
        work()
    except DomainError as error:
        messages.error(request, error.message)
        return False
    return True


def _int(value, default=0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def index(request):
    """The DOST: its plans, a new plan, the inspecting unit, corrective reports overdue. An agency: its own."""
    tenant, user = request.tenant, request.user
    dost = selectors.sees_province(user, tenant)
    if request.method == "POST" and dost:
        step = request.POST.get("step")
        if step == "plan":
            plan = None

            def create():
                nonlocal plan
                plan = services.create_plan(actor=user, year=request.POST.get("year"),
                                            title=request.POST.get("title", ""))
            if _run(request, create):
                return redirect("inspections:plan", plan.pk)
        elif step == "settings":
            if _run(request, lambda: services.set_settings(actor=user, inspecting_unit=request.POST.get("unit"),
                                                           approver=request.POST.get("approver", ""))):
                messages.success(request, _("The inspecting unit is saved."))
        return redirect("inspections:index")
    context = {"dost": dost, "inspections": selectors.visible_inspections(user, tenant).order_by("-plan__year",
                                                                                                  "agency__name")}
    if dost:
        context.update(plans=selectors.visible_plans(user, tenant), settings=selectors.settings_for(tenant.province_id),
                       overdue=selectors.overdue_correctives(tenant.province_id),
                       can_manage=selectors.can_manage(user, tenant),
                       can_set=has_perm(user, tenant, Perm.MANAGE_PROVINCE_CATALOGUE))
    return render(request, "inspections/index.html", context)


def _plan_step(request, plan: InspectionPlan, step: str) -> None:
    user, post = request.user, request.POST
    province_id = plan.province_id
    if step == "add":
        agency = Agency.objects.filter(pk=_int(post.get("agency")), province_id=province_id).first()
        _run(request, lambda: services.add_inspection(
            plan, actor=user, agency=agency or Agency(), form=post.get("form", ""),
            cooperating_unit=post.get("cooperating_unit", ""), expected_time=post.get("expected_time", ""),
            budget=post.get("budget", "")))
    elif step == "choose":
        helper = HELPERS.get(post.get("helper"), selectors.oldest_inspected)
        chosen = helper(province_id, max(1, min(_int(post.get("count"), 10), 2000)), level=post.get("level", ""),
                        mandatory_only=bool(post.get("mandatory_only")),
                        exclude=plan.inspections.values_list("agency_id", flat=True))
        if _run(request, lambda: services.add_agencies(plan, actor=user, agencies=chosen, form=post.get("form", ""),
                                                       expected_time=post.get("expected_time", ""))):
            messages.success(request, _("%(count)d agencies proposed by the helper are in the plan.")
                             % {"count": len(chosen)})
    elif step == "edit":
        line = get_object_or_404(plan.inspections, pk=_int(post.get("inspection")))
        if _run(request, lambda: services.update_inspection(
                line, actor=user, **{name: post.get(name, "") for name in LINE_FIELDS})):
            messages.success(request, _("The line of %(agency)s is saved.") % {"agency": line.agency.name})
    elif step == "remove":
        line = get_object_or_404(plan.inspections, pk=_int(post.get("inspection")))
        if _run(request, lambda: services.remove_inspection(line, actor=user)):
            messages.success(request, _("%(agency)s is removed from the plan.") % {"agency": line.agency.name})
    elif step == "submit":
        _run(request, lambda: services.submit_plan(plan, actor=user))
    elif step == "approve":
        _run(request, lambda: services.approve_plan(plan, actor=user, number=post.get("number"),
                                                    approved_on=post.get("approved_on")))
    elif step == "notify":
        if _run(request, lambda: services.send_plan_notice(plan, actor=user)):
            messages.success(request, _("The plan is sent to its agencies as a notice."))


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def plan_detail(request, pk):
    plan = get_object_or_404(selectors.visible_plans(request.user, request.tenant), pk=pk)
    if request.method == "POST":
        _plan_step(request, plan, request.POST.get("step", ""))
        return redirect("inspections:plan", plan.pk)
    lines = plan.inspections.select_related("agency").order_by("agency__level", "agency__name")
    in_plan = {line.agency_id for line in lines}
    return render(request, "inspections/plan.html", {
        "plan": plan, "lines": lines, "shares": selectors.plan_shares(plan),
        "notice": selectors.plan_notice(plan) if plan.status == InspectionPlan.Status.APPROVED else None,
        "can_manage": selectors.can_manage(request.user, request.tenant),
        "candidates": [a for a in selectors.inspectable_agencies(plan.province_id).order_by("level", "name")
                       if a.pk not in in_plan],
        "levels": Agency.Level.choices[:-1], "forms": Inspection.Form.choices})


def _team_from(post) -> list[dict]:
    team = []
    for role, names, positions in (("lead", post.getlist("lead_name")[:1], post.getlist("lead_position")[:1]),
                                   ("member", post.getlist("member_name"), post.getlist("member_position"))):
        for name, position in zip(names, positions + [""] * len(names), strict=False):
            if name.strip():
                team.append({"name": name, "position": position, "role": role})
    return team


def _inspection_step(request, inspection: Inspection, step: str) -> None:
    user, post = request.user, request.POST
    steps = {
        "request": lambda: services.send_request(inspection, actor=user, number=post.get("number"),
                                                 sent_on=post.get("sent_on"), answer_due=post.get("answer_due")),
        "decision": lambda: services.issue_decision(inspection, actor=user, number=post.get("number"),
                                                    signed_on=post.get("signed_on"), visit_on=post.get("visit_on"),
                                                    team=_lead_user(request, _team_from(post))),
        "answer": lambda: services.answer(inspection, actor=user, report=post.get("report")),
        "finding": lambda: services.add_finding(inspection, actor=user, description=post.get("description"),
                                                requirement=post.get("requirement", ""),
                                                grade=post.get("grade", "minor"), item_code=post.get("item_code", "")),
        "record": lambda: services.make_record(inspection, actor=user, record_on=post.get("record_on"),
                                               place=post.get("place", ""), conclusion=post.get("conclusion")),
        "sign_lead": lambda: services.sign_as_lead(inspection, actor=user),
        "sign_agency": lambda: services.sign_for_agency(inspection, actor=user),
        "corrective": lambda: services.submit_corrective_report(inspection, actor=user, report=post.get("report")),
        "accept": lambda: services.accept_corrective_report(inspection, actor=user),
    }
    if step == "check":
        for item in inspection.checklist.all():
            result = post.get(f"result_{item.pk}")
            if result and (result != item.result or post.get(f"note_{item.pk}", "") != item.note):
                if not _run(request, lambda item=item, result=result: services.check_item(
                        item, actor=user, result=result, note=post.get(f"note_{item.pk}", ""))):
                    return
    elif step == "upload":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file."))
            return
        _run(request, lambda: services.attach_file(inspection, actor=user, item=post.get("item"),
                                                   title=post.get("title", ""), uploaded_file=upload))
    elif step in steps:
        _run(request, steps[step])


def _lead_user(request, team: list[dict]) -> list[dict]:
    """The lead is the person signing for the team on this site when their name is the lead's."""
    for member in team:
        if member["role"] == TeamMember.Role.LEAD and member["name"].strip() == request.user.display_name:
            member["user"] = request.user
    return team


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def inspection_detail(request, pk):
    user, tenant = request.user, request.tenant
    inspection = get_object_or_404(selectors.visible_inspections(user, tenant), pk=pk)
    if request.method == "POST":
        _inspection_step(request, inspection, request.POST.get("step", ""))
        return redirect("inspections:detail", inspection.pk)
    dost = selectors.sees_province(user, tenant)
    return render(request, "inspections/detail.html", {
        "inspection": inspection, "dost": dost, "can_manage": selectors.can_manage(user, tenant),
        "agency_side": not dost and tenant.pk == inspection.agency_id,
        "can_answer": not dost and has_perm(user, tenant, Perm.MANAGE_QMS),
        "can_sign": not dost and has_perm(user, tenant, Perm.SIGN_FOR_AGENCY),
        "team": inspection.team.all(), "checklist": inspection.checklist.all(),
        "findings": inspection.findings.all(), "verify": selectors.findings_to_verify(inspection),
        "file_items": selectors.file_items(inspection), "results": inspection.checklist.model.Result.choices,
        "grades": inspection.findings.model.Grade.choices, "overdue": selectors.corrective_overdue(inspection),
        "agency_items": selectors.AGENCY_ITEMS})


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def file_download(request, pk):
    row = get_object_or_404(InspectionFile.objects.select_related("inspection"), pk=pk)
    if not selectors.visible_inspections(request.user, request.tenant).filter(pk=row.inspection_id).exists():
        raise Http404
    return FileResponse(row.file.open("rb"), as_attachment=True, filename=row.filename)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def inspection_paper(request, pk, paper, fmt):
    """The on-site decision or the record in the Decree 30 layout (PDF to read, DOCX to sign)."""
    from core.tabular import file_response

    from .papers import printed_paper

    printed = printed_paper(get_object_or_404(selectors.visible_inspections(request.user, request.tenant), pk=pk),
                            paper, fmt)
    if printed is None:
        raise Http404
    return file_response(*printed)


@login_required
@agency_perm_required(Perm.VIEW_QMS)
def plan_paper(request, pk, fmt):
    """The plan in the Decree 30 layout, with its table of agencies."""
    from core.tabular import file_response

    from .papers import printed_plan

    printed = printed_plan(get_object_or_404(selectors.visible_plans(request.user, request.tenant), pk=pk), fmt)
    if printed is None:
        raise Http404
    return file_response(*printed)
