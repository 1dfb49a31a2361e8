// schema.ts — a shop: customers, products, orders with line items, an order-number sequence.
import {
  access,
  array,
  composeSchema,
  datetime,
  decimal,
  defineSchema,
  fn,
  index,
  int,
  literal,
  object,
  param,
  record,
  sequence,
  string,
} from 'smig';

const customer = defineSchema({
  table: 'customer',
  permissions: { select: 'WHERE id = $auth.id', update: 'WHERE id = $auth.id' },
  fields: {
    email: string().required().email(),
    name: string().required(),
    password: string().required().permissions({ select: 'NONE' }),
    address: object().flexible(),
    createdAt: datetime().default('time::now()').readonly(),
  },
  indexes: {
    email: index(['email']).unique(),
  },
});

const product = defineSchema({
  table: 'product',
  permissions: { select: 'FULL' },
  fields: {
    sku: string().required().unique(),
    name: string().required(),
    price: decimal().required().min(0),
    stock: int().default(0).min(0),
    categories: array('string').default([]),
  },
  indexes: {
    categories: index(['categories.*']),
  },
});

const order = defineSchema({
  table: 'order',
  fields: {
    number: int().default('sequence::nextval("order_number")').readonly(),
    customer: record('customer').required(),
    status: literal('pending', 'paid', 'shipped', 'cancelled').default('pending'),
    items: array(object()).default([]),
    'items.*.product': record('product'),
    'items.*.quantity': int().min(1),
    total: decimal().required().min(0),
    placedAt: datetime().default('time::now()'),
  },
  indexes: {
    number: index(['number']).unique(),
    customer: index(['customer', 'placedAt']),
  },
});

export default composeSchema({
  models: { customer, product, order },
  functions: {
    lineTotal: fn('fn::line_total')
      .param('price', 'decimal')
      .param('quantity', 'int')
      .returns('decimal')
      .body('RETURN $price * $quantity;'),
  },
  params: {
    currency: param('currency').value("'EUR'"),
  },
  sequences: {
    orderNumber: sequence('order_number').start(1000),
  },
  accesses: {
    shopper: access('shopper')
      .record()
      .signup(
        'CREATE customer SET email = $email, name = $name, password = crypto::argon2::generate($password)',
      )
      .signin('SELECT * FROM customer WHERE email = $email AND crypto::argon2::compare(password, $password)')
      .session('7d'),
  },
});
