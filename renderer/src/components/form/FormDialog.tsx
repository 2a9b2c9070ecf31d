// One form for every registration, record and step dialog. Its fields are descriptors (label, kind, code table,
// required, help …), laid out on a 24-column grid; its validation is the channel's own zod input schema, run here on
// what the form would send; and every problem — from that schema or from the core's reply — lands on the field
// whose input path it names. What a dialog adds of its own (computed dates, hints) comes as `custom` descriptors.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Col, Divider, Form, Input, InputNumber, Modal, Radio, Row, Select, Space, Switch, Typography, type FormInstance, type FormItemProps } from 'antd';
import { useMemo, useState, type CSSProperties, type ReactNode } from 'react';
import { contract, type Channel, type ChannelInput, type ChannelOutput } from '../../../../shared/contract';
import type { GridTree } from '../../../../shared/contract/grid';
import type { StaffMember } from '../../../../shared/contract/grid';
import type { CodeTable } from '../../../../shared/codes/table';
import '../../../../shared/zodMessages'; // Chinese defaults for zod's own messages, as the core uses them
import { ApiError, call, errorMessage } from '../../api';
import { GridSelect } from '../../gridData';
import { applyProblems, CodeSelect, DateField } from '../fields';
import { HouseholdPicker, ResidentPicker, StaffNameInput, type PickedResident } from '../ledger/pickers';
import { fieldProblem, pathsOf, schemaIssues, type FormValues } from './formRules';

export type { FormValues };
export type Dynamic<T> = T | ((values: FormValues) => T);

export interface ChoiceOption {
  value: string | number;
  label: ReactNode;
  title?: string;
  disabled?: boolean;
}

interface FieldBase {
  /** The form's name for the value; also the input key it fills unless `path` says otherwise. */
  name: string;
  label?: Dynamic<string>;
  /** The input keys this field fills (a problem at any of them is shown here). */
  path?: readonly string[];
  /** Marks the field as required; a string is the message when it is left empty. */
  required?: Dynamic<boolean | string>;
  /** Fields whose change re-checks this one (for a `required` or `check` that depends on them). */
  dependencies?: string[];
  /** A check the schema cannot make (it needs the town, or compares two fields); null when fine. */
  check?: (values: FormValues) => string | null;
  help?: Dynamic<ReactNode>;
  /** Columns of 24 (default: the whole row). */
  span?: Dynamic<number>;
  show?: (values: FormValues) => boolean;
  disabled?: (values: FormValues) => boolean;
  placeholder?: string;
  testId?: string;
  /** Extra Form.Item props (e.g. the live 公民身份号码 check's status and help). */
  item?: (values: FormValues) => Partial<FormItemProps>;
}

export type FieldDescriptor = FieldBase &
  (
    | { kind: 'text'; max?: number; mono?: boolean; autoFocus?: boolean; numeric?: boolean }
    | { kind: 'textarea'; max?: number; rows?: number }
    | { kind: 'date'; allowClear?: boolean }
    | { kind: 'code'; table: CodeTable; as?: 'select' | 'radio' | 'buttons'; allowClear?: boolean; multiple?: boolean; popupWidth?: number }
    | { kind: 'choice'; options: Dynamic<ChoiceOption[]>; as?: 'select' | 'radio' | 'buttons' | 'solid'; optionLabelProp?: string }
    | { kind: 'number'; min?: number; max?: number; precision?: number; step?: number; suffix?: string; width?: number | string }
    | { kind: 'check' }
    | { kind: 'switch'; on: string; off: string }
    | { kind: 'person'; initial?: PickedResident | null; excludeId?: (values: FormValues) => number | undefined; create?: InlineCreate<PickedResident> }
    | { kind: 'household'; known?: { id: number; label: string } | null; create?: InlineCreate<{ id: number; label: string }> }
    | { kind: 'staff'; staff: StaffMember[] }
    | { kind: 'grid'; tree: GridTree | null; multiple?: boolean }
    /** A control of the dialog's own, given value and onChange by the form. */
    | { kind: 'custom'; render: (values: FormValues, form: FormInstance) => ReactNode }
    /** Not a value: a heading, a computed figure or a hint between the fields. */
    | { kind: 'note'; render: (values: FormValues, form: FormInstance) => ReactNode }
    | { kind: 'section' }
  );

/**
 * A 新登记 button beside a picker: `dialog` renders the form that makes the missing record (a person, a household)
 * over this one, and calls `done` with what it made (or null when cancelled); the picker then holds it.
 */
export interface InlineCreate<T> {
  label: string;
  testId?: string;
  dialog: (done: (made: T | null) => void, values: FormValues) => ReactNode;
}

const resolve = <T,>(d: Dynamic<T> | undefined, values: FormValues): T | undefined => (typeof d === 'function' ? (d as (v: FormValues) => T)(values) : d);
export interface FormDialogProps<C extends Channel> {
  title: string;
  intro?: ReactNode;
  fields: FieldDescriptor[];
  initialValues?: FormValues;
  /** The channel the form sends to; its input schema validates the form. */
  channel: C;
  toInput: (values: FormValues) => ChannelInput<C>;
  onDone: (result: ChannelOutput<C>) => void;
  onCancel: () => void;
  onValuesChange?: (changed: FormValues, all: FormValues, form: FormInstance) => void;
  /** Below the fields, above the error (computed figures, hints). */
  footer?: Dynamic<ReactNode>;
  form?: FormInstance;
  okText?: string;
  danger?: boolean;
  width?: number;
  zIndex?: number;
  centered?: boolean;
  bodyStyle?: CSSProperties;
  requiredMark?: 'optional' | boolean;
  testIds?: { dialog?: string; form?: string; ok?: string; error?: string };
}

export function FormDialog<C extends Channel>(props: FormDialogProps<C>) {
  const { title, intro, fields, initialValues, channel, toInput, onDone, onCancel, footer, okText = '保存', danger, width = 520, testIds = {} } = props;
  const [own] = Form.useForm<FormValues>();
  const form = props.form ?? own;
  const [error, setError] = useState<string | null>(null);
  /** The stored person the error is about (an ID number already registered): linked under the message. */
  const [errorPerson, setErrorPerson] = useState<number | null>(null);
  const [saving, setSaving] = useState(false);
  const { modal } = App.useApp();
  const [confirming, setConfirming] = useState(false);
  const watched = Form.useWatch((all: FormValues) => all, { form, preserve: true }) as FormValues | undefined;
  const values = useMemo(() => ({ ...initialValues, ...watched }), [initialValues, watched]);
  const schema = contract[channel].input;

  /** The first problem of one field: left empty while required, else what the schema says about its keys. */
  const problemOf = (f: FieldDescriptor): string | null => {
    const all = form.getFieldsValue(true) as FormValues;
    return fieldProblem({ ...f, required: resolve(f.required, all) }, all, resolve(f.label, all) ?? '', schemaIssues(schema, toInput(all)));
  };

  const onOk = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      onDone(await call(channel, toInput(form.getFieldsValue(true) as FormValues)));
    } catch (err) {
      setError(errorMessage(err));
      setErrorPerson(err instanceof ApiError ? (err.info.about?.resident ?? null) : null);
      const byPath: Record<string, string> = {};
      for (const f of fields) for (const key of pathsOf(f)) byPath[key] = f.name;
      applyProblems(form, err, byPath);
    } finally {
      setSaving(false);
    }
  };

  /**
   * Closing (取消, ×, Esc) with input the user typed asks first, so a slip of the Esc key does not lose a filled form.
   * Every dialog gets this from here.
   */
  const close = () => {
    if (saving || confirming) return;
    if (!form.isFieldsTouched()) {
      onCancel();
      return;
    }
    setConfirming(true);
    modal.confirm({
      title: '放弃未保存的内容？',
      content: '已填写的内容尚未保存，关闭后将丢失。',
      okText: '放弃并关闭',
      okButtonProps: { danger: true, 'data-testid': 'discard-ok' } as never,
      cancelText: '继续填写',
      zIndex: (props.zIndex ?? 1000) + 10,
      onOk: () => {
        setConfirming(false);
        onCancel();
      },
      onCancel: () => setConfirming(false),
    });
  };

  return (
    <Modal
      open
      title={title}
      onCancel={close}
      onOk={onOk}
      okText={okText}
      okButtonProps={{ danger, 'data-testid': testIds.ok ?? 'step-ok' }}
      confirmLoading={saving}
      mask={{ closable: false }}
      width={width}
      zIndex={props.zIndex}
      centered={props.centered}
      styles={props.bodyStyle ? { body: props.bodyStyle } : undefined}
      destroyOnHidden
    >
      <div data-testid={testIds.dialog ?? 'step-dialog'}>
        {intro ? (
          <Typography.Paragraph type="secondary" style={{ marginBottom: 12 }}>
            {intro}
          </Typography.Paragraph>
        ) : null}
        <Form
          form={form}
          layout="vertical"
          initialValues={initialValues}
          className="dense-form"
          requiredMark={props.requiredMark ?? 'optional'}
          onValuesChange={(changed, all) => props.onValuesChange?.(changed as FormValues, all as FormValues, form)}
          data-testid={testIds.form}
        >
          <Row gutter={16}>
            {fields.map((f) =>
              f.show && !f.show(values) ? null : (
                <Col key={f.name} span={resolve(f.span, values) ?? 24}>
                  <FieldItem field={f} values={values} form={form} check={() => problemOf(f)} />
                </Col>
              ),
            )}
          </Row>
        </Form>
        {resolve(footer, values)}
        {error ? (
          <Alert
            type="error"
            showIcon
            title={error}
            description={
              errorPerson !== null ? (
                <a href={`#/people?person=${errorPerson}`} onClick={onCancel} data-testid="error-person-link">
                  查看已登记的这个人
                </a>
              ) : undefined
            }
            data-testid={testIds.error ?? 'step-error'}
          />
        ) : null}
      </div>
    </Modal>
  );
}

function FieldItem({ field: f, values, form, check }: { field: FieldDescriptor; values: FormValues; form: FormInstance; check: () => string | null }) {
  if (f.kind === 'section') {
    return (
      <Divider titlePlacement="start" plain className="form-divider">
        {resolve(f.label, values)}
      </Divider>
    );
  }
  if (f.kind === 'note') return <>{f.render(values, form)}</>;
  const label = resolve(f.label, values);
  const disabled = f.disabled?.(values);
  const rules = [
    {
      validator: async () => {
        const problem = check();
        if (problem) throw new Error(problem);
      },
    },
  ];
  const common: FormItemProps = {
    name: f.name,
    rules,
    dependencies: f.dependencies,
    required: Boolean(resolve(f.required, values)),
    extra: resolve(f.help, values),
    ...f.item?.(values),
  };
  const testId: Record<string, string> = f.testId ? { 'data-testid': f.testId } : {};
  switch (f.kind) {
    case 'check':
      return (
        <Form.Item {...common} valuePropName="checked">
          <Checkbox disabled={disabled}>{label}</Checkbox>
        </Form.Item>
      );
    case 'switch':
      return (
        <Form.Item {...common} label={label} valuePropName="checked">
          <Switch checkedChildren={f.on} unCheckedChildren={f.off} disabled={disabled} />
        </Form.Item>
      );
    default:
      return (
        <Form.Item {...common} label={label}>
          {control(f, values, form, label ?? '', disabled, testId)}
        </Form.Item>
      );
  }
}

function control(f: FieldDescriptor, values: FormValues, form: FormInstance, label: string, disabled: boolean | undefined, testId: Record<string, string>): ReactNode {
  switch (f.kind) {
    case 'text':
      return (
        <Input
          maxLength={f.max ?? 200}
          placeholder={f.placeholder}
          className={f.mono ? 'mono' : undefined}
          inputMode={f.numeric ? 'numeric' : undefined}
          autoFocus={f.autoFocus}
          disabled={disabled}
          {...testId}
        />
      );
    case 'textarea':
      return <Input.TextArea rows={f.rows ?? 3} maxLength={f.max ?? 500} placeholder={f.placeholder} showCount disabled={disabled} {...testId} />;
    case 'date':
      return <DateField placeholder={f.placeholder} allowClear={f.allowClear ?? true} disabled={disabled} />;
    case 'code': {
      if (f.as === 'radio' || f.as === 'buttons') {
        return <Radio.Group optionType={f.as === 'buttons' ? 'button' : 'default'} options={f.table.entries.map((e) => ({ value: e.code, label: e.label }))} disabled={disabled} {...testId} />;
      }
      return (
        <CodeSelect
          table={f.table}
          allowClear={f.allowClear ?? true}
          mode={f.multiple ? 'multiple' : undefined}
          placeholder={f.placeholder}
          popupMatchSelectWidth={f.popupWidth}
          disabled={disabled}
          {...testId}
        />
      );
    }
    case 'choice': {
      const options = resolve(f.options, values) ?? [];
      if (f.as && f.as !== 'select') {
        return <Radio.Group optionType={f.as === 'radio' ? 'default' : 'button'} buttonStyle={f.as === 'solid' ? 'solid' : undefined} options={options} disabled={disabled} {...testId} />;
      }
      return <Select options={options} placeholder={f.placeholder ?? `请选择${label}`} optionLabelProp={f.optionLabelProp} allowClear={!f.required} disabled={disabled} {...testId} />;
    }
    case 'number':
      return <InputNumber min={f.min ?? 0} max={f.max} precision={f.precision} step={f.step} suffix={f.suffix} style={{ width: f.width ?? '100%' }} disabled={disabled} {...testId} />;
    case 'person':
      return f.create ? (
        <WithCreate<PickedResident> create={f.create} values={values} picker={(made, rest) => <ResidentPicker {...rest} initial={made ?? f.initial} excludeId={f.excludeId?.(values)} />} />
      ) : (
        <ResidentPicker initial={f.initial} excludeId={f.excludeId?.(values)} />
      );
    case 'household':
      return f.create ? (
        <WithCreate<{ id: number; label: string }> create={f.create} values={values} picker={(made, rest) => <HouseholdPicker {...rest} known={f.known ?? made} />} />
      ) : (
        <HouseholdPicker known={f.known} />
      );
    case 'staff':
      return <StaffNameInput staff={f.staff} />;
    case 'grid':
      return f.multiple ? <GridSelect<number[]> tree={f.tree} mode="multiple" placeholder={f.placeholder ?? '请选择网格'} /> : <GridSelect tree={f.tree} placeholder={f.placeholder ?? '请选择网格'} />;
    case 'custom':
      return f.render(values, form);
    default:
      return null;
  }
}

/** A picker and its 新登记 button; what the inline dialog makes becomes the field's value. */
function WithCreate<T extends { id: number }>({ create, values, picker, value, onChange, id }: {
  create: InlineCreate<T>;
  values: FormValues;
  picker: (made: T | null, rest: { value?: number | null; onChange?: (v: number | null) => void; id?: string }) => ReactNode;
  value?: number | null;
  onChange?: (v: number | null) => void;
  id?: string;
}) {
  const [open, setOpen] = useState(false);
  const [made, setMade] = useState<T | null>(null);
  return (
    <>
      <Space.Compact style={{ width: '100%', display: 'flex' }}>
        <div style={{ flex: 1, minWidth: 0 }}>{picker(made, { value, onChange, id })}</div>
        <Button icon={<PlusOutlined />} onClick={() => setOpen(true)} data-testid={create.testId ?? 'inline-create'}>
          {create.label}
        </Button>
      </Space.Compact>
      {open
        ? create.dialog((m) => {
            setOpen(false);
            if (m) {
              setMade(m);
              onChange?.(m.id);
            }
          }, values)
        : null}
    </>
  );
}
